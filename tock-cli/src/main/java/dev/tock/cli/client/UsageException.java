package dev.tock.cli.client;

/** A value on the command line that picocli accepted but the command cannot use, e.g. {@code --payload} that is not JSON. */
public final class UsageException extends ClientException {

    public UsageException(String message) {
        super(message, null);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return ExitCode.USAGE;
    }
}

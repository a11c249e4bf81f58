package dev.tock.cli.client;

/**
 * Root of the failures the {@code tock} client expects: each is shown as one line on stderr, without a
 * stack trace, and ends the command with its {@link #exitCode()}.
 */
public abstract class ClientException extends RuntimeException {

    protected ClientException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The process exit code for this failure, one of {@link ExitCode}. */
    public abstract int exitCode();
}

package dev.tock.cli.client;

/** No answer from the server: refused connection, unknown host, timeout, or a connection cut mid-answer. */
public final class ServerUnreachableException extends ClientException {

    public ServerUnreachableException(String url, String reason, Throwable cause) {
        super("cannot reach the Tock server at " + url + ": " + reason + " (set --server or TOCK_SERVER)", cause);
    }

    @Override
    public int exitCode() {
        return ExitCode.UNREACHABLE;
    }
}

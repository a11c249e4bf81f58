package dev.tock.worker;

/** Root of what the worker SDK throws; {@link #status()} is the HTTP status when the server answered. */
public class WorkerException extends RuntimeException {
    private final int status;

    public WorkerException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the server's answer, or 0 when it could not be reached. */
    public int status() {
        return status;
    }

    /** Whether trying again later may help: the server was unreachable, overloaded or failing. */
    public boolean transientFailure() {
        return status == 0 || status == 429 || status >= 500;
    }
}

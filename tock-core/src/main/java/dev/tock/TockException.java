package dev.tock;

/** Root of every exception Tock throws; catch this to handle any Tock failure. */
public class TockException extends RuntimeException {
    public TockException(String message) {
        super(message);
    }

    public TockException(String message, Throwable cause) {
        super(message, cause);
    }
}

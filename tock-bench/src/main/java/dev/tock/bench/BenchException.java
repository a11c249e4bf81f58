package dev.tock.bench;

/** A benchmark run that could not measure what it set out to: a peer misconfigured, a run that never ended. */
public final class BenchException extends RuntimeException {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.tock.worker;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by a handler to fail its job's attempt with a message and say whether (and when) it may be
 * tried again. Any other exception fails the attempt as retryable, per the job's retry policy.
 */
public class JobFailure extends RuntimeException {
    private final boolean retryable;
    private final Optional<Duration> retryAfter;

    public JobFailure(String message, boolean retryable, Optional<Duration> retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    /** A failure no retry will mend: the job is dead. */
    public static JobFailure permanent(String message) {
        return new JobFailure(message, false, Optional.empty());
    }

    /** A failure to retry no sooner than {@code after} (and per the job's retry policy). */
    public static JobFailure retryAfter(String message, Duration after) {
        return new JobFailure(message, true, Optional.of(after));
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}

package dev.tock.handler;

import dev.tock.Durations;
import dev.tock.TockException;
import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by a handler to end its attempt as failed with a message that says it all: the attempt's
 * error is this message, without a stack trace. Says whether the job may be retried (per its retry
 * policy), how long to wait at least before the next attempt, and whether the attempt timed out.
 * The built-in HTTP and command executors end their failed attempts this way.
 */
public class AttemptFailure extends TockException {
    /** The longest wait a {@code Retry-After} (or {@link #retryAfter()}) can impose. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final boolean retryable;
    private final Optional<Duration> retryAfter;
    private final boolean timedOut;
    private final boolean disrupted;

    public AttemptFailure(String message, boolean retryable, Optional<Duration> retryAfter, boolean timedOut) {
        this(message, retryable, retryAfter, timedOut, false);
    }

    private AttemptFailure(String message, boolean retryable, Optional<Duration> retryAfter, boolean timedOut, boolean disrupted) {
        super(message);
        this.disrupted = disrupted;
        this.retryable = retryable;
        this.retryAfter = retryAfter.map(d -> d.isNegative() ? Duration.ZERO : d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
        this.timedOut = timedOut;
    }

    /** A failure the job's retry policy may retry after its backoff. */
    public static AttemptFailure retryable(String message) {
        return new AttemptFailure(message, true, Optional.empty(), false);
    }

    /**
     * The attempt ran out of {@code timeout}: retryable, with the one-line error {@code timed out after 3s}
     * that every timeout gets, whichever deadline ended it. What it was doing belongs in its output.
     */
    public static AttemptFailure timedOut(Duration timeout) {
        return new AttemptFailure("timed out after " + Durations.format(timeout), true, Optional.empty(), true);
    }

    /**
     * The attempt was stopped by its environment, not by its own failure (e.g. a Kubernetes pod evicted or
     * preempted: the {@code DisruptionTarget} condition): the job is retried, and this attempt does not count
     * against its retry policy's attempts.
     */
    public static AttemptFailure disrupted(String message) {
        return new AttemptFailure(message, true, Optional.empty(), false, true);
    }

    /** A failure no retry will mend. */
    public static AttemptFailure permanent(String message) {
        return new AttemptFailure(message, false, Optional.empty(), false);
    }

    /** Whether another attempt may follow, as far as this failure goes; the retry policy decides too. */
    public boolean retryable() {
        return retryable;
    }

    /** The least wait before the next attempt, e.g. from an HTTP {@code Retry-After}; capped at {@link #MAX_RETRY_AFTER}. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** Whether the attempt was disrupted by its environment; see {@link #disrupted(String)}. */
    public boolean isDisrupted() {
        return disrupted;
    }

    /** Whether the attempt ended because it ran out of time. */
    public boolean timedOut() {
        return timedOut;
    }
}

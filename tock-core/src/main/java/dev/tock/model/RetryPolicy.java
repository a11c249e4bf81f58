package dev.tock.model;

import java.time.Duration;

/**
 * How often a job is tried and how long Tock waits between tries: exponential backoff from
 * {@code initialBackoff}, multiplied by {@code multiplier} per attempt, capped at {@code maxBackoff},
 * then shortened by up to {@code jitter} (a fraction) so that failing jobs do not retry in lockstep.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier, double jitter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final double DEFAULT_JITTER = 0.2;
    public static final int MAX_ATTEMPTS_LIMIT = 1000;

    public static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
            DEFAULT_MAX_BACKOFF, DEFAULT_MULTIPLIER, DEFAULT_JITTER);

    /** One attempt, no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
            DEFAULT_MULTIPLIER, DEFAULT_JITTER);

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new InvalidJobException("retry.maxAttempts", "must be between 1 and " + MAX_ATTEMPTS_LIMIT + ", was " + maxAttempts);
        }
        requireNonNegative("retry.initialBackoff", initialBackoff);
        requireNonNegative("retry.maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidJobException("retry.maxBackoff", "must not be shorter than initialBackoff (" + initialBackoff + ")");
        }
        if (!(multiplier >= 1.0 && multiplier <= 100.0)) {
            throw new InvalidJobException("retry.multiplier", "must be between 1 and 100, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new InvalidJobException("retry.jitter", "must be between 0 and 1, was " + jitter);
        }
    }

    /** The default backoff with a different number of attempts. */
    public static RetryPolicy maxAttempts(int maxAttempts) {
        return DEFAULT.withMaxAttempts(maxAttempts);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, multiplier, jitter);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter);
    }

    public RetryPolicy withJitter(double fraction) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, fraction);
    }

    /** Whether a job that has made {@code attemptsMade} attempts may make another. */
    public boolean allowsAnotherAttempt(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /**
     * The wait before the attempt after {@code attemptsMade} failed ones.
     *
     * @param random a value in [0, 1) choosing how much jitter to take off
     */
    public Duration backoffAfter(int attemptsMade, double random) {
        double exponential = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attemptsMade - 1));
        double capped = Math.min(exponential, maxBackoff.toMillis());
        return Duration.ofMillis(Math.round(capped * (1.0 - jitter * random)));
    }

    private static void requireNonNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidJobException(field, "must be a non-negative duration, was " + value);
        }
    }
}

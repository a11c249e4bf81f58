package dev.tock.http.dto;

import dev.tock.model.RetryPolicy;

/**
 * A retry policy on the wire; fields left out keep their defaults.
 *
 * @param initialBackoff a duration such as {@code 1s}
 * @param maxBackoff a duration such as {@code 5m}
 * @param jitter the fraction (0-1) of each backoff taken off at random
 */
public record RetryBody(Integer maxAttempts, String initialBackoff, String maxBackoff, Double multiplier, Double jitter) {

    public RetryPolicy toPolicy() {
        RetryPolicy d = RetryPolicy.DEFAULT;
        return new RetryPolicy(
                maxAttempts == null ? d.maxAttempts() : maxAttempts,
                initialBackoff == null ? d.initialBackoff() : Fields.duration("retry.initialBackoff", initialBackoff),
                maxBackoff == null ? d.maxBackoff() : Fields.duration("retry.maxBackoff", maxBackoff),
                multiplier == null ? d.multiplier() : multiplier,
                jitter == null ? d.jitter() : jitter);
    }

    public static RetryBody of(RetryPolicy p) {
        return new RetryBody(p.maxAttempts(), Fields.format(p.initialBackoff()), Fields.format(p.maxBackoff()),
                p.multiplier(), p.jitter());
    }
}

package dev.tock.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a job that has not finished is not running: the first thing that holds it back, as leasing would
 * meet it.
 *
 * @param reason what holds it back
 * @param detail one line for people, with the counts and times that matter
 * @param until when the reason passes by itself (a run time, a backoff, a rate limit's next slot); empty when unknown
 */
public record Waiting(Reason reason, String detail, Optional<Instant> until) {

    /** What holds a job back, in the order leasing checks. */
    public enum Reason {
        SCHEDULED,
        RETRY_BACKOFF,
        QUEUE_PAUSED,
        QUEUE_AT_MAX_RUNNING,
        KEY_AT_LIMIT,
        RATE_LIMIT,
        NOT_HANDLED,
        /** Due, in a queue that shares its leases fairly by key, while other keys have due jobs too: it waits its turn. */
        FAIR_TURN,
        /** Nothing holds it back: it waits for a free worker. */
        DUE;

        /** Lower case with dashes: {@code key-at-limit}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Waiting {
        until = until == null ? Optional.empty() : until;
    }

    public static Waiting of(Reason reason, String detail) {
        return new Waiting(reason, detail, Optional.empty());
    }

    public static Waiting until(Reason reason, String detail, Instant until) {
        return new Waiting(reason, detail, Optional.of(until));
    }
}

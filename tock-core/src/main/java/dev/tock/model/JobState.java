package dev.tock.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a job, as an explicit state machine.
 *
 * <pre>
 * scheduled ─┬─► leased ─► running ─► succeeded
 *   │ (due)  │      │         │   ├─► failed ─► leased or running (retry after backoff)
 *   ▼        │      │         │   ├─► dead ──────┐
 * ready ─────┴──────┴────►────┘   └─► cancelled ─┤
 *   ▲ ▲                │                        │
 *   │ └─ lease lost ◄──┘ (leased or running)    │
 *   └───────── retried by hand ─────────────────┘
 * </pre>
 * A job is leased to a node, which starts its handler at once when a worker is free ({@code running})
 * or holds it until one is, or until its time when leased ahead ({@code leased}); a job a node holds may
 * also finish, be cancelled or lose its lease before it is seen running. Any job that has not finished
 * may be cancelled. A dead or cancelled job may be retried by hand: it becomes ready with a fresh attempt
 * budget. A scheduled job whose time has come reads {@code ready}: the states are read on the store's
 * clock, nothing rewrites the job when its time comes.
 */
public enum JobState {
    /** Waiting for its run-at time. */
    SCHEDULED,
    /** Due and waiting for a worker. */
    READY,
    /** Leased to a node that holds it and has not started its handler yet (no worker free, or not due yet). */
    LEASED,
    /** Leased to a worker and its handler started. */
    RUNNING,
    /** Finished successfully. */
    SUCCEEDED,
    /** The last attempt failed; another attempt is due after the backoff. */
    FAILED,
    /** Every attempt failed; kept for inspection and manual retry. */
    DEAD,
    /** Cancelled before it could finish; kept for inspection and manual retry. */
    CANCELLED;

    /** States in which a job waits to be leased. */
    public static final Set<JobState> PENDING = EnumSet.of(SCHEDULED, READY, FAILED);

    /** States in which a node or worker holds the job's lease: leased, or running. */
    public static final Set<JobState> HELD = EnumSet.of(LEASED, RUNNING);

    /** True when no further transition happens without a person acting. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == DEAD || this == CANCELLED;
    }

    /** Whether a person may retry a job in this state: it ended without succeeding. */
    public boolean isRetryable() {
        return this == DEAD || this == CANCELLED;
    }

    /** Whether the machine allows moving from this state to {@code next}. */
    public boolean canTransitionTo(JobState next) {
        return switch (this) {
            case SCHEDULED, READY, FAILED -> HELD.contains(next) || next == READY || next == CANCELLED;
            case LEASED -> next != SCHEDULED && next != LEASED;
            case RUNNING -> next != SCHEDULED && !HELD.contains(next);
            case DEAD, CANCELLED -> next == READY;
            case SUCCEEDED -> false;
        };
    }

    /** Throws {@link IllegalStateException} when the transition is not allowed. */
    public JobState transitionTo(JobState next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("job cannot move from " + this + " to " + next);
        }
        return next;
    }

    /** Lower-case name as stored and shown in the API. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobState fromWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}

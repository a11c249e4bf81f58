package dev.tock.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a job, as an explicit state machine.
 *
 * <pre>
 * scheduled ─┐
 *            ├─► running ─► succeeded
 * ready ─────┘      │   ├─► failed ─► running (retry after backoff)
 *   ▲ ▲             │   ├─► dead ──────┐
 *   │ └ lease lost ─┘   └─► cancelled ─┤
 *   └───────── retried by hand ────────┘
 * </pre>
 * Any job that has not finished may be cancelled. A dead or cancelled job may be retried by hand: it
 * becomes ready with a fresh attempt budget.
 */
public enum JobState {
    /** Waiting for its run-at time. */
    SCHEDULED,
    /** Due and waiting for a worker. */
    READY,
    /** Leased to a worker. */
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
            case SCHEDULED, READY, FAILED -> next == RUNNING || next == READY || next == CANCELLED;
            case RUNNING -> next != SCHEDULED && next != RUNNING;
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

package dev.tock.alert;

/** How one run of a subject stands, as the alert conditions read it. */
public enum RunOutcome {
    /** Its nominal time ended missed, coalesced or skipped: no job ran for it. */
    MISSED,
    /** Created, not started yet (scheduled, ready, or waiting for a retry). */
    PENDING,
    RUNNING,
    SUCCEEDED,
    /** Ended dead: every attempt failed. */
    FAILED,
    CANCELLED,
    /** Its job was deleted by history limits. */
    UNKNOWN;

    boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}

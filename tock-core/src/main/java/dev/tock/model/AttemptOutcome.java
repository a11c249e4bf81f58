package dev.tock.model;

import java.util.Locale;

/** How one attempt at a job ended. */
public enum AttemptOutcome {
    SUCCEEDED,
    FAILED,
    /** The job's timeout passed; the handler was interrupted. */
    TIMED_OUT,
    /** The worker stopped heartbeating and the reaper took the job back. */
    LEASE_EXPIRED,
    CANCELLED,
    /**
     * Stopped by its environment, not by its own failure (a Kubernetes pod's {@code DisruptionTarget}):
     * retried, and not counted against the retry policy's attempts.
     */
    DISRUPTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttemptOutcome fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

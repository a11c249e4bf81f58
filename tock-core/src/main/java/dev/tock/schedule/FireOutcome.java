package dev.tock.schedule;

import java.util.Locale;

/** How one nominal fire time of a schedule ended. Every nominal time ends as exactly one of these. */
public enum FireOutcome {
    /** A job was enqueued for it. */
    FIRED,
    /** The overlap policy refused it (an earlier run was still active). */
    SKIPPED,
    /** It was found too late: past the starting deadline or outside the catch-up window. */
    MISSED,
    /** It was late and folded into a later fire's run (more were late than catch-up runs allowed). */
    COALESCED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FireOutcome fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

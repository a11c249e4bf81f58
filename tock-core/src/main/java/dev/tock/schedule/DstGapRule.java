package dev.tock.schedule;

import java.util.Locale;

/**
 * What a fixed-time schedule does when its local fire time does not exist because the clocks
 * jump forward (the spring-forward gap), e.g. 02:30 on the night clocks go from 02:00 to 03:00.
 */
public enum DstGapRule {
    /**
     * Fire at the first instant after the gap, which is the transition itself. Several local
     * fire times inside one gap collapse into that single fire. The default: a daily job still
     * runs once that day.
     */
    SHIFT,
    /** Do not fire for a local time inside the gap; that day has no run. */
    SKIP;

    /** The rule used when a schedule does not name one. */
    public static final DstGapRule DEFAULT = SHIFT;

    /** Lower-case name as stored and shown in the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule whose {@link #wireName()} is {@code name}; throws {@link IllegalArgumentException} for any other text. */
    public static DstGapRule fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

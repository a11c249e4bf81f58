package dev.tock.schedule;

import java.util.Locale;

/**
 * What a fixed-time schedule does when its local fire time happens twice because the clocks
 * go back (the fall-back overlap), e.g. 01:30 on the night clocks go from 02:00 back to 01:00.
 */
public enum DstOverlapRule {
    /** Fire at the earlier of the two instants only. The default: a daily job runs once a day. */
    ONCE,
    /** Fire at both instants, one offset apart. */
    TWICE;

    /** The rule used when a schedule does not name one. */
    public static final DstOverlapRule DEFAULT = ONCE;

    /** Lower-case name as stored and shown in the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule whose {@link #wireName()} is {@code name}; throws {@link IllegalArgumentException} for any other text. */
    public static DstOverlapRule fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

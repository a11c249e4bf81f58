package dev.tock.model;

import java.util.Locale;

/** What a schedule does when a fire comes while an earlier run of it is still pending or running. */
public enum OverlapPolicy {
    /** Start the new run anyway; runs may overlap. */
    ALLOW,
    /** Record the fire as skipped while an earlier run is active. */
    FORBID,
    /** Cancel the active runs and start the new one. */
    REPLACE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OverlapPolicy fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

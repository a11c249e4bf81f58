package dev.tock.schedule;

import java.util.Locale;

/** What a schedule does when a fire comes while an earlier run of it is still pending or running. */
public enum OverlapPolicy {
    /** Start the new run anyway; runs may overlap. */
    ALLOW,
    /** Record the fire as skipped while an earlier run is active. */
    FORBID,
    /** Cancel the active runs and start the new one. */
    REPLACE,
    /**
     * Let at most one run wait: a fire while a run is active is held (as a {@code scheduled} job) until
     * that run ends; a fire while one is already held is skipped.
     */
    BUFFER_ONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code buffer_one}, {@code BufferOne}, {@code buffer-one} and the like. */
    public static OverlapPolicy fromWireName(String name) {
        String wanted = name.replace("_", "").replace("-", "");
        for (OverlapPolicy p : values()) {
            if (p.name().replace("_", "").equalsIgnoreCase(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown overlap policy \"" + name + "\" (allow, forbid, replace, buffer_one)");
    }
}

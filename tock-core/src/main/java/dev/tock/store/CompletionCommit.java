package dev.tock.store;

import java.util.Locale;

/**
 * Whether the hot path's commits (leases, finished attempts, heartbeats, reaping) wait for the disk:
 * setting {@code completion-commit}. The embedded store always commits the same way; only PostgreSQL
 * tells the two apart.
 */
public enum CompletionCommit {
    /**
     * Every commit waits until the database has the write on disk, so an acknowledged completion or lease
     * survives a database crash. Finished attempts are still group-committed: one flush covers every job
     * finished while the previous group was written.
     */
    DURABLE,
    /**
     * Commits return before the write reaches the disk (PostgreSQL's {@code synchronous_commit = off}):
     * faster, but a database crash loses the last moments of acknowledged completions and leases. A job
     * reported finished then runs again, and a lost lease's fencing token can be handed out a second time,
     * so a stale worker's report may be accepted. Opt-in.
     */
    FAST;

    /** Lower-case name as configured: {@code durable} or {@code fast}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode of a configured name, in any case.
     *
     * @throws IllegalArgumentException naming both modes when it is neither
     */
    public static CompletionCommit parse(String text) {
        for (CompletionCommit mode : values()) {
            if (mode.wireName().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be durable or fast, was \"" + text + "\"");
    }
}

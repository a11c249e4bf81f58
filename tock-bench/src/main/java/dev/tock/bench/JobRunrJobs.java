package dev.tock.bench;

import java.time.Instant;

/**
 * The no-op jobs JobRunr runs, as instance methods its job activator resolves to the current run's
 * instance. Public because JobRunr finds the method from the enqueue lambda and calls it reflectively.
 */
public final class JobRunrJobs {
    private final Tally tally;

    JobRunrJobs(Tally tally) {
        this.tally = tally;
    }

    /** A no-op job, number {@code index}. */
    public void noop(int index) {
        tally.ran(index);
    }

    /** A delayed no-op job, number {@code index}, due at {@code dueEpochMilli}. */
    public void late(int index, long dueEpochMilli) {
        tally.ranLate(index, Instant.ofEpochMilli(dueEpochMilli));
    }
}

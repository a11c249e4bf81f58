package dev.tock.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * What a schedule's kept runs say about it: how many are unfinished, and when the latest fired and the
 * latest succeeded. Read from the runs its history limits keep, so a schedule that keeps no finished
 * runs reports no success.
 *
 * @param activeRuns its runs that are due and not finished (ready, running, or waiting for a retry)
 * @param lastFire the nominal time of its latest kept run
 * @param lastSuccess when its latest succeeded run finished
 */
public record RunSummary(int activeRuns, Optional<Instant> lastFire, Optional<Instant> lastSuccess) {

    /** A schedule with no kept run. */
    public static final RunSummary NONE = new RunSummary(0, Optional.empty(), Optional.empty());
}

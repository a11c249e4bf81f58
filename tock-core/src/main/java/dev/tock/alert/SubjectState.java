package dev.tock.alert;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the conditions know of one subject at one moment.
 *
 * @param runs its latest runs, newest first
 * @param lastSuccess when its latest successful run ended
 * @param watchedSince when it was created: a subject younger than a condition's window is not yet stale
 * @param unrecorded a nominal time that passed with no record at all (no scheduler fired or missed it; no monitor ping came)
 * @param backlog its due work that no one started
 */
public record SubjectState(Subject subject, List<RunRecord> runs, Optional<Instant> lastSuccess, Instant watchedSince,
                           Optional<Missing> unrecorded, Backlog backlog) {

    /**
     * An expected time that passed with nothing recorded for it.
     *
     * @param nominal the expected time
     * @param countsFrom when it counts as missed (before a rule's own grace): a minute after a schedule's nominal
     *     time (for the scheduler to record it), a monitor's grace after its expected ping
     */
    public record Missing(Instant nominal, Instant countsFrom) {
    }
}

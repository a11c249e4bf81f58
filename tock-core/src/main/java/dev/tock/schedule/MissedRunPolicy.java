package dev.tock.schedule;

import dev.tock.model.InvalidJobException;
import java.time.Duration;
import java.util.Optional;

/**
 * What happens to fire times found late (after a restart, an outage, a stall).
 *
 * @param startingDeadline a fire started later than this after its nominal time is recorded as missed
 *                         (Kubernetes' {@code startingDeadlineSeconds}); empty for no deadline
 * @param catchUpWindow late fire times older than this are recorded as missed
 * @param maxCatchUpRuns of the late fire times inside the window, at most this many (the latest) run;
 *                       the others are recorded as coalesced into them
 */
public record MissedRunPolicy(Optional<Duration> startingDeadline, Duration catchUpWindow, int maxCatchUpRuns) {

    /** The longest starting deadline and catch-up window: a year, as for {@code @every}. */
    public static final Duration MAX_WINDOW = Duration.ofDays(366);

    public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(1);
    public static final MissedRunPolicy DEFAULT = new MissedRunPolicy(Optional.empty(), DEFAULT_CATCH_UP_WINDOW, 1);

    public MissedRunPolicy {
        startingDeadline = startingDeadline == null ? Optional.empty() : startingDeadline;
        startingDeadline.ifPresent(d -> {
            if (d.isNegative() || d.isZero() || d.compareTo(MAX_WINDOW) > 0) {
                throw new InvalidJobException("startingDeadlineSeconds", "must be positive and at most " + MAX_WINDOW.toSeconds()
                        + " (366 days), was " + d.toSeconds());
            }
        });
        if (catchUpWindow == null || catchUpWindow.isNegative() || catchUpWindow.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidJobException("catchUpWindow", "must be between 0 and 366d, was " + catchUpWindow);
        }
        if (maxCatchUpRuns < 0 || maxCatchUpRuns > 1000) {
            throw new InvalidJobException("maxCatchUpRuns", "must be between 0 and 1000, was " + maxCatchUpRuns);
        }
    }
}

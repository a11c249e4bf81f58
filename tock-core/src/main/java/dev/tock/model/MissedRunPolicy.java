package dev.tock.model;

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

    public static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofHours(1);
    public static final MissedRunPolicy DEFAULT = new MissedRunPolicy(Optional.empty(), DEFAULT_CATCH_UP_WINDOW, 1);

    public MissedRunPolicy {
        startingDeadline = startingDeadline == null ? Optional.empty() : startingDeadline;
        startingDeadline.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new InvalidJobException("startingDeadlineSeconds", "must be positive, was " + d);
            }
        });
        if (catchUpWindow == null || catchUpWindow.isNegative()) {
            throw new InvalidJobException("catchUpWindow", "must be zero or positive, was " + catchUpWindow);
        }
        if (maxCatchUpRuns < 0 || maxCatchUpRuns > 1000) {
            throw new InvalidJobException("maxCatchUpRuns", "must be between 0 and 1000, was " + maxCatchUpRuns);
        }
    }
}

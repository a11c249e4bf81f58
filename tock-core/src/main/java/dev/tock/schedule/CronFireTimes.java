package dev.tock.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * Fire times of a cron schedule in one zone under one pair of DST rules.
 *
 * <p>cron-utils only finds matching wall-clock times: it walks a {@link ZoneOffset#UTC} timeline,
 * where every local time exists exactly once, and this class decides which instants each local
 * match stands for. Keeping the DST rules here means Tock, not the library, owns them.
 */
final class CronFireTimes implements FireTimes {
    /** How long past 'after' to look before concluding the schedule never fires again. */
    private static final Duration HORIZON = Duration.ofDays(366L * 10);
    /** How far either side of 'after' a transition can pull a fire time across it. */
    private static final Duration TRANSITION_REACH = Duration.ofDays(2);

    private final ExecutionTime execution;
    private final ZoneRules rules;
    private final boolean interval;
    private final DstGapRule gap;
    private final DstOverlapRule overlap;

    CronFireTimes(Cron cron, ZoneId zone, boolean interval, DstGapRule gap, DstOverlapRule overlap) {
        this.execution = ExecutionTime.forCron(cron);
        this.rules = zone.getRules();
        this.interval = interval;
        this.gap = gap;
        this.overlap = overlap;
    }

    /**
     * The smallest fire instant strictly after {@code after}.
     *
     * <p>A local match can fire later than a local match after it (the second instant of a
     * repeated time), so the search starts before the local time of {@code after}, by as much as
     * nearby clocks go back, and keeps the smallest candidate. It stops once a local match's
     * earliest instant is no earlier than the best candidate: that earliest instant never
     * decreases as local time increases, so nothing further on can do better.
     */
    @Override
    public Optional<Instant> nextAfter(Instant after) {
        if (rules.isFixedOffset()) {
            return nextAfterWithoutTransitions(after);
        }
        LocalDateTime localAfter = LocalDateTime.ofInstant(after, rules.getOffset(after).normalized());
        // cron-utils carries the start's fraction of a second into its matches; fires are on whole seconds.
        LocalDateTime cursor = localAfter.minus(lookBack(after)).minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime horizon = localAfter.plus(HORIZON);
        Instant best = null;
        while (true) {
            Optional<ZonedDateTime> match = execution.nextExecution(cursor.atZone(ZoneOffset.UTC));
            if (match.isEmpty()) {
                break;
            }
            cursor = match.get().toLocalDateTime();
            if (cursor.isAfter(horizon)) {
                break;
            }
            if (best != null && !earliest(cursor).isBefore(best)) {
                break;
            }
            for (Instant fire : fires(cursor)) {
                if (fire.isAfter(after) && (best == null || fire.isBefore(best))) {
                    best = fire;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Where the offset never changes (UTC and the like), the first local match after {@code after} is the answer. */
    private Optional<Instant> nextAfterWithoutTransitions(Instant after) {
        ZoneOffset offset = rules.getOffset(after);
        LocalDateTime cursor = LocalDateTime.ofInstant(after, offset).minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime horizon = cursor.plus(HORIZON);
        while (true) {
            Optional<ZonedDateTime> match = execution.nextExecution(cursor.atZone(ZoneOffset.UTC));
            if (match.isEmpty() || match.get().toLocalDateTime().isAfter(horizon)) {
                return Optional.empty();
            }
            cursor = match.get().toLocalDateTime();
            Instant fire = cursor.toInstant(offset);
            if (fire.isAfter(after)) {
                return Optional.of(fire);
            }
        }
    }

    /** The longest fall-back overlap near {@code after}: how far before it a repeated local time can lie. */
    private Duration lookBack(Instant after) {
        Duration longest = Duration.ZERO;
        Instant end = after.plus(TRANSITION_REACH);
        ZoneOffsetTransition t = rules.nextTransition(after.minus(TRANSITION_REACH));
        while (t != null && !t.getInstant().isAfter(end)) {
            if (t.isOverlap() && t.getDuration().negated().compareTo(longest) > 0) {
                longest = t.getDuration().negated();
            }
            t = rules.nextTransition(t.getInstant());
        }
        return longest;
    }

    /**
     * The first instant that local time {@code local} could stand for: the end of the gap when it
     * falls in one, the earlier instant when it repeats. Non-decreasing in {@code local}.
     */
    private Instant earliest(LocalDateTime local) {
        ZoneOffsetTransition t = rules.getTransition(local);
        if (t == null) {
            return local.toInstant(rules.getValidOffsets(local).get(0));
        }
        return t.isGap() ? t.getInstant() : local.toInstant(t.getOffsetBefore());
    }

    /** The instants at which local match {@code local} fires, in increasing order. */
    private List<Instant> fires(LocalDateTime local) {
        ZoneOffsetTransition t = rules.getTransition(local);
        if (t == null) {
            return List.of(local.toInstant(rules.getValidOffsets(local).get(0)));
        }
        if (t.isGap()) {
            // An interval schedule just misses the times that do not exist; elapsed spacing holds.
            return interval || gap == DstGapRule.SKIP ? List.of() : List.of(t.getInstant());
        }
        Instant first = local.toInstant(t.getOffsetBefore());
        Instant second = local.toInstant(t.getOffsetAfter());
        // An interval schedule fires at both, or the repeated hour would have a hole in it.
        return interval || overlap == DstOverlapRule.TWICE ? List.of(first, second) : List.of(first);
    }
}

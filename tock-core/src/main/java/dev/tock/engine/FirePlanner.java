package dev.tock.engine;

import dev.tock.schedule.Jitter;
import dev.tock.schedule.MissedRunPolicy;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.store.FirePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what becomes of a schedule's due nominal times, given the store's clock now:
 * <ul>
 *   <li>later than the starting deadline, or older than the catch-up window: <b>missed</b>;</li>
 *   <li>of the rest that have passed, the newest {@code maxCatchUpRuns} (at least one) <b>fire</b>;</li>
 *   <li>the older ones are <b>coalesced</b> into those runs;</li>
 *   <li>times still ahead (recorded early, see {@link ScheduleFirer#FIRE_AHEAD}) <b>fire</b>.</li>
 * </ul>
 * In the ordinary case exactly one nominal time is due, a few milliseconds old or up to a second
 * ahead, and it fires.
 */
final class FirePlanner {
    private FirePlanner() {
    }

    static FirePlan plan(Schedule schedule, String node, List<Instant> due, Instant now) {
        MissedRunPolicy policy = schedule.missedRuns();
        List<Instant> missed = new ArrayList<>();
        List<Instant> eligible = new ArrayList<>();
        List<Instant> ahead = new ArrayList<>();
        for (Instant nominal : due) {
            if (nominal.isAfter(now)) {
                ahead.add(nominal);
                continue;
            }
            Duration late = Duration.between(nominal, now);
            boolean pastDeadline = policy.startingDeadline().map(d -> late.compareTo(d) > 0).orElse(false);
            boolean outsideWindow = late.compareTo(policy.catchUpWindow()) > 0;
            (pastDeadline || outsideWindow ? missed : eligible).add(nominal);
        }
        int firing = Math.min(eligible.size(), Math.max(1, policy.maxCatchUpRuns()));
        List<Instant> coalesced = eligible.subList(0, eligible.size() - firing);
        List<FirePlan.PlannedFire> fires = new ArrayList<>();
        List<Instant> firingTimes = new ArrayList<>(eligible.subList(eligible.size() - firing, eligible.size()));
        firingTimes.addAll(ahead);
        for (Instant nominal : firingTimes) {
            fires.add(new FirePlan.PlannedFire(nominal, schedule.template().toJob(schedule.namespace(), runAt(schedule, nominal))));
        }
        return FirePlan.byClock(schedule.namespace(), schedule.name(), node, missed, coalesced, fires);
    }

    /** A manual trigger: fires now, obeying the overlap policy unless told to bypass it. */
    static FirePlan trigger(Schedule schedule, String node, Instant now, boolean bypassOverlap) {
        var fire = new FirePlan.PlannedFire(now, schedule.template().toJob(schedule.namespace(), now));
        return FirePlan.trigger(schedule.namespace(), schedule.name(), node, fire, bypassOverlap);
    }

    /**
     * A backfill: runs now for every nominal time in the past range that has not fired, under its own
     * overlap policy.
     */
    static FirePlan backfill(Schedule schedule, String node, List<Instant> nominalTimes, Instant now, OverlapPolicy overlap) {
        List<FirePlan.PlannedFire> fires = new ArrayList<>();
        for (Instant nominal : nominalTimes) {
            fires.add(new FirePlan.PlannedFire(nominal, schedule.template().toJob(schedule.namespace(), now)));
        }
        return FirePlan.backfill(schedule.namespace(), schedule.name(), node, fires, overlap);
    }

    /** Nominal time plus the schedule's jitter, the same delay for the same nominal time on every node. */
    static Instant runAt(Schedule schedule, Instant nominal) {
        if (schedule.jitter().isZero()) {
            return nominal;
        }
        return nominal.plus(Jitter.forFire(schedule.namespace() + "/" + schedule.name(), nominal, schedule.jitter()));
    }
}

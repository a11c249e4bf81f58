package dev.tock.store;

import dev.tock.model.NewJob;
import dev.tock.schedule.OverlapPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one node decided for a schedule's due nominal times; {@link ScheduleStore#recordFires} applies it
 * in one transaction, leaving alone every nominal time another node already recorded.
 *
 * @param fires nominal times that should run, each with its job
 * @param manual a fire asked for by hand (trigger, backfill) rather than by the clock
 * @param overlap the overlap policy to apply instead of the schedule's (a trigger that bypasses it
 *                asks for {@code ALLOW}); empty for the schedule's own
 * @param refire also fire nominal times already recorded as skipped, missed or coalesced (backfill);
 *               a time that fired is never fired again
 */
public record FirePlan(String namespace, String schedule, String node, List<Instant> missed, List<Instant> coalesced,
                       List<PlannedFire> fires, boolean manual, Optional<OverlapPolicy> overlap, boolean refire) {

    /** A nominal time that should run, and the job for it. */
    public record PlannedFire(Instant nominalTime, NewJob job) {
    }

    public FirePlan {
        missed = List.copyOf(missed);
        coalesced = List.copyOf(coalesced);
        fires = List.copyOf(fires);
    }

    /** What the clock brought: times that fire, and times missed or coalesced into them, under the schedule's own policy. */
    public static FirePlan byClock(String namespace, String schedule, String node, List<Instant> missed,
                                   List<Instant> coalesced, List<PlannedFire> fires) {
        return new FirePlan(namespace, schedule, node, missed, coalesced, fires, false, Optional.empty(), false);
    }

    /** A fire asked for by hand, under the schedule's overlap policy or, when {@code bypassOverlap}, under {@code ALLOW}. */
    public static FirePlan trigger(String namespace, String schedule, String node, PlannedFire fire, boolean bypassOverlap) {
        return new FirePlan(namespace, schedule, node, List.of(), List.of(), List.of(fire), true,
                bypassOverlap ? Optional.of(OverlapPolicy.ALLOW) : Optional.empty(), false);
    }

    /** Past nominal times run now, under {@code overlap}; times recorded as skipped, missed or coalesced fire too. */
    public static FirePlan backfill(String namespace, String schedule, String node, List<PlannedFire> fires, OverlapPolicy overlap) {
        return new FirePlan(namespace, schedule, node, List.of(), List.of(), fires, true, Optional.of(overlap), true);
    }
}

package dev.tock.store;

import dev.tock.model.NewJob;
import java.time.Instant;
import java.util.List;

/**
 * What one node decided for a schedule's due nominal times; {@link ScheduleStore#recordFires} applies it
 * in one transaction, leaving alone every nominal time another node already recorded.
 *
 * @param fires nominal times that should run, each with its job
 * @param manual a fire asked for by hand rather than by the clock
 * @param bypassOverlap run even if the overlap policy would refuse
 */
public record FirePlan(String namespace, String schedule, String node, List<Instant> missed, List<Instant> coalesced,
                       List<PlannedFire> fires, boolean manual, boolean bypassOverlap) {

    /** A nominal time that should run, and the job for it. */
    public record PlannedFire(Instant nominalTime, NewJob job) {
    }

    public FirePlan {
        missed = List.copyOf(missed);
        coalesced = List.copyOf(coalesced);
        fires = List.copyOf(fires);
    }
}

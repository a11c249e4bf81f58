package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.JobTemplate;
import dev.tock.schedule.MissedRunPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.store.FirePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirePlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Schedule EVERY_SECOND = Schedule.of("default", "tick", "* * * * * *", JobTemplate.of("t"));

    private static List<Instant> secondsBefore(int count) {
        List<Instant> due = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            due.add(NOW.minusSeconds(i));
        }
        return due;
    }

    private static List<Instant> fired(FirePlan plan) {
        return plan.fires().stream().map(FirePlan.PlannedFire::nominalTime).toList();
    }

    private static void assertEveryNominalTimeAccountedOnce(FirePlan plan, List<Instant> due) {
        List<Instant> all = new ArrayList<>(plan.missed());
        all.addAll(plan.coalesced());
        all.addAll(fired(plan));
        assertThat(all).containsExactlyInAnyOrderElementsOf(due);
    }

    @Test
    void theOrdinaryCaseFiresTheOneDueTime() {
        FirePlan plan = FirePlanner.plan(EVERY_SECOND, "n", List.of(NOW.minusMillis(3)), NOW);
        assertThat(fired(plan)).containsExactly(NOW.minusMillis(3));
        assertThat(plan.missed()).isEmpty();
        assertThat(plan.coalesced()).isEmpty();
        assertThat(plan.fires().get(0).job().runAt()).contains(NOW.minusMillis(3));
        assertThat(plan.manual()).isFalse();
    }

    @Test
    void timesRecordedAheadFireAndDoNotCountAsCatchUp() {
        List<Instant> due = List.of(NOW.minusMillis(40), NOW.plusMillis(960));

        FirePlan plan = FirePlanner.plan(EVERY_SECOND, "n", due, NOW);

        assertThat(fired(plan)).containsExactly(NOW.minusMillis(40), NOW.plusMillis(960));
        assertThat(plan.coalesced()).isEmpty();
        assertThat(plan.fires().get(1).job().runAt()).contains(NOW.plusMillis(960));
    }

    @Test
    void aStallPastTheStartingDeadlineMissesTheOldTimesAndCoalescesTheRest() {
        Schedule s = EVERY_SECOND.withMissedRuns(new MissedRunPolicy(Optional.of(Duration.ofSeconds(10)), Duration.ofHours(1), 1));
        List<Instant> due = secondsBefore(21); // a 20-second stall

        FirePlan plan = FirePlanner.plan(s, "n", due, NOW);

        assertThat(plan.missed()).hasSize(10).allMatch(t -> Duration.between(t, NOW).getSeconds() > 10);
        assertThat(fired(plan)).containsExactly(NOW);
        assertThat(plan.coalesced()).hasSize(10);
        assertEveryNominalTimeAccountedOnce(plan, due);
    }

    @Test
    void anOutageInsideTheWindowCoalescesIntoOneRunByDefault() {
        List<Instant> due = secondsBefore(600); // a ten-minute outage
        FirePlan plan = FirePlanner.plan(EVERY_SECOND, "n", due, NOW);
        assertThat(fired(plan)).containsExactly(NOW);
        assertThat(plan.coalesced()).hasSize(599);
        assertThat(plan.missed()).isEmpty();
        assertEveryNominalTimeAccountedOnce(plan, due);
    }

    @Test
    void timesOutsideTheCatchUpWindowAreMissedAndMoreCatchUpRunsFireTheLatest() {
        Schedule s = EVERY_SECOND.withMissedRuns(new MissedRunPolicy(Optional.empty(), Duration.ofMinutes(5), 3));
        List<Instant> due = secondsBefore(600);

        FirePlan plan = FirePlanner.plan(s, "n", due, NOW);

        assertThat(plan.missed()).hasSize(299);
        assertThat(fired(plan)).containsExactly(NOW.minusSeconds(2), NOW.minusSeconds(1), NOW);
        assertThat(plan.coalesced()).hasSize(298);
        assertEveryNominalTimeAccountedOnce(plan, due);
    }

    @Test
    void jitterDelaysTheRunTheSameWayOnEveryNode() {
        Schedule s = EVERY_SECOND.withJitter(Duration.ofSeconds(30));
        Instant a = FirePlanner.plan(s, "a", List.of(NOW), NOW).fires().get(0).job().runAt().orElseThrow();
        Instant b = FirePlanner.plan(s, "b", List.of(NOW), NOW).fires().get(0).job().runAt().orElseThrow();
        assertThat(a).isEqualTo(b).isBetween(NOW, NOW.plusSeconds(30));
    }

    @Test
    void aManualTriggerFiresNow() {
        FirePlan plan = FirePlanner.trigger(EVERY_SECOND, "n", NOW, true);
        assertThat(plan.manual()).isTrue();
        assertThat(plan.overlap()).contains(dev.tock.schedule.OverlapPolicy.ALLOW);
        assertThat(fired(plan)).containsExactly(NOW);
    }
}

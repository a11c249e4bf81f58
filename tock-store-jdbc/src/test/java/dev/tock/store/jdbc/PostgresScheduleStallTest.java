package dev.tock.store.jdbc;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.JobTemplate;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.MissedRunPolicy;
import dev.tock.schedule.RunHistory;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The only firing node is frozen (SIGSTOP) for 20 seconds. When it resumes, every nominal second of
 * the stall is accounted for once, as its missed-run policy says: later than the 10-second starting
 * deadline → missed; the rest coalesced into one run.
 */
class PostgresScheduleStallTest extends ChildProcessTest {
    private static final Duration STALL = Duration.ofSeconds(20);

    @Test
    void aStalledFiringNodeAccountsForEveryNominalTimeWhenItResumes() throws Exception {
        store.schedules().save(Schedule.of("default", "tick", "* * * * * *", JobTemplate.of(ChildWorker.TYPE))
                .withMissedRuns(new MissedRunPolicy(Optional.of(Duration.ofSeconds(10)), Duration.ofHours(1), 1))
                .withHistory(new RunHistory(1_000, 1_000, OptionalInt.empty())));
        try (ChildJvm firer = new ChildJvm(TestDatabases.POSTGRES_URL, schema, "firer", "2000", "500", "10")) {
            firer.awaitLine(Duration.ofSeconds(30), "READY");
            await(Duration.ofSeconds(20), "three fires before the stall", () -> store.schedules().fires("default", "tick", 10).size() >= 3);

            firer.signal("STOP");
            Instant stoppedAt = Instant.now();
            Eventually.sleep(STALL.toMillis());
            firer.signal("CONT");
            Instant resumedAt = Instant.now();
            await(Duration.ofSeconds(30), "fires after the stall",
                    () -> store.schedules().fires("default", "tick", 1).get(0).nominalTime().isAfter(resumedAt.plusSeconds(1)));

            List<ScheduleFire> fires = store.schedules().fires("default", "tick", 1_000);
            List<Instant> nominal = fires.stream().map(ScheduleFire::nominalTime).sorted().toList();
            for (int i = 1; i < nominal.size(); i++) {
                assertThat(Duration.between(nominal.get(i - 1), nominal.get(i))).as("gap before " + nominal.get(i) + firer.output())
                        .isEqualTo(Duration.ofSeconds(1));
            }
            Map<FireOutcome, Long> duringStall = fires.stream()
                    .filter(f -> f.nominalTime().isAfter(stoppedAt.plusSeconds(1)) && f.nominalTime().isBefore(resumedAt.minusSeconds(1)))
                    .collect(Collectors.groupingBy(ScheduleFire::outcome, Collectors.counting()));
            assertThat(duringStall.getOrDefault(FireOutcome.MISSED, 0L)).as("missed: " + duringStall).isBetween(6L, 12L);
            assertThat(duringStall.getOrDefault(FireOutcome.COALESCED, 0L)).as("coalesced: " + duringStall).isBetween(5L, 11L);
            assertThat(fires).filteredOn(f -> f.outcome() == FireOutcome.FIRED)
                    .extracting(f -> f.job().orElseThrow()).doesNotHaveDuplicates();
        }
    }
}

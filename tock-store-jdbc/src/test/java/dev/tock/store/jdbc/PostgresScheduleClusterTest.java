package dev.tock.store.jdbc;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.JobState;
import dev.tock.model.JobTemplate;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.RunHistory;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one PostgreSQL fire a per-second schedule while one of them is SIGKILLed and later
 * restarted: every nominal second between the first and the last fire is recorded exactly once, fired,
 * with its own job, and every job runs.
 */
class PostgresScheduleClusterTest extends ChildProcessTest {
    private static final String LEASE_MS = "2000";
    private static final String HEARTBEAT_MS = "500";
    private static final String WORK_MS = "20";

    @Test
    void everyNominalSecondFiresExactlyOnceThroughANodeKillAndRestart() throws Exception {
        parent = Tock.builder().store(store).handler(ChildWorker.TYPE, ctx -> { })
                .config(TockConfig.builder().nodeId("parent").workerThreads(4).leaseDuration(Duration.ofSeconds(2))
                        .heartbeatInterval(Duration.ofMillis(500)).reaperInterval(Duration.ofMillis(200))
                        .pollInterval(Duration.ofMillis(200)).build())
                .build().start();
        try (ChildJvm steady = child("steady")) {
            try (ChildJvm doomed = child("doomed")) {
                // Keep every run, so the jobs can be counted against the fires.
                parent.schedules().save(Schedule.of("default", "tick", "* * * * * *", JobTemplate.of(ChildWorker.TYPE))
                        .withHistory(new RunHistory(1_000, 1_000, OptionalInt.empty())));
                Eventually.sleep(6_000);
                doomed.kill();
            }
            Eventually.sleep(4_000);
            try (ChildJvm reborn = child("doomed")) {
                Eventually.sleep(6_000);
                parent.schedules().suspend("default", "tick");
                Instant suspended = Instant.now();
                List<ScheduleFire> fires = parent.schedules().runs("default", "tick", 1_000);

                assertEverySecondFiredOnce(fires, suspended);
                await(Duration.ofSeconds(30), "every fired job to run",
                        () -> parent.jobs().countByState("default").entrySet().stream()
                                .filter(e -> !e.getKey().isFinal()).allMatch(e -> e.getValue() == 0));
                // Suspending cancels the runs recorded ahead of their time (up to 1.5 s: at most two); every other ran.
                Map<JobState, Long> counts = parent.jobs().countByState("default");
                assertThat(counts.getOrDefault(JobState.CANCELLED, 0L)).isLessThanOrEqualTo(2L);
                assertThat(counts.getOrDefault(JobState.SUCCEEDED, 0L) + counts.getOrDefault(JobState.CANCELLED, 0L))
                        .isEqualTo(fires.size());
            }
        }
    }

    private ChildJvm child(String node) throws Exception {
        ChildJvm child = new ChildJvm(TestDatabases.POSTGRES_URL, schema, node, LEASE_MS, HEARTBEAT_MS, WORK_MS);
        child.awaitLine(Duration.ofSeconds(30), "READY");
        return child;
    }

    private static void assertEverySecondFiredOnce(List<ScheduleFire> fires, Instant suspended) {
        List<Instant> nominal = fires.stream().map(ScheduleFire::nominalTime).sorted().toList();
        assertThat(nominal.size()).as("fires recorded over ~16 s").isGreaterThanOrEqualTo(14);
        for (int i = 1; i < nominal.size(); i++) {
            assertThat(Duration.between(nominal.get(i - 1), nominal.get(i))).as("gap before " + nominal.get(i))
                    .isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(fires).as("outcomes").allMatch(f -> f.outcome() == FireOutcome.FIRED && f.job().isPresent());
        assertThat(fires.stream().map(f -> f.job().orElseThrow()).distinct().count()).isEqualTo(fires.size());
        // Fires are recorded up to a second ahead of their nominal time.
        assertThat(nominal.get(nominal.size() - 1)).isBefore(suspended.plusSeconds(2));
    }
}

package dev.tock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness in {@code --quick} mode over every system: each measurement of each system must have run
 * all its jobs, so that a misconfigured peer fails here instead of reporting a number it did not earn.
 * Checks what ran, never how fast. The server RSS measurement is tested in tock-cli ({@code ServerRssTest}),
 * which has the {@code tock server} it runs on its class path; the cold-start rows in {@link PeerColdStartTest}, a class
 * of their own so that they run beside these in another test JVM.
 */
class PeerBenchTest {
    private static final String URL = System.getenv().getOrDefault("TOCK_TEST_PG_URL", PeerBench.DEFAULT_DB);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void quickRunMeasuresEverySystemAndEachRanAllItsJobs() {
        StringWriter text = new StringWriter();
        PeerBench bench = bench(text);
        List<Contender> contenders = bench.contenders();
        Plan plan = Plan.quick();

        Session session = bench.run(plan, 1, contenders, Optional.empty(), 0);
        session.print(bench.out);
        System.out.println(text);

        assertThat(session.failures()).isEmpty();
        assertThat(contenders).extracting(Contender::id).containsExactly("tock", "tock-fast", "dbs-lf", "dbs-fetch", "jobrunr",
                "quartz");
        Map<String, Map<String, List<Outcome>>> outcomes = session.results().outcomes();
        List<String> jobMeasurements = List.of("enqueue", "exec-300-8", "exec-300-32", "late");
        for (String measurement : jobMeasurements) {
            for (Contender c : contenders) {
                List<Outcome> runs = outcomes.get(measurement).get(c.id());
                assertThat(runs).as(c.name() + " " + measurement).hasSize(1);
                assertThat(runs.get(0).executed()).as(c.name() + " " + measurement + " ran every job").isEqualTo(runs.get(0).expected());
                if (!measurement.equals("late")) {
                    assertThat(runs.get(0).value()).as(c.name() + " " + measurement + " jobs/s").isPositive();
                }
            }
        }
        for (Contender c : contenders) {
            if (c.id().equals("jobrunr")) {
                assertThat(outcomes.get("cron")).doesNotContainKey("jobrunr");
                assertThat(session.results().notes().get("cron")).containsEntry("jobrunr", "n/a");
            } else {
                Outcome cron = outcomes.get("cron").get(c.id()).get(0);
                assertThat(cron.executed()).as(c.name() + " cron runs in the window").isPositive();
            }
        }
        assertThat(session.results().ceiling(8)).isPresent();
        assertThat(text.toString()).contains("| measurement | Tock | Tock (fast commits) | db-scheduler lock-and-fetch | db-scheduler fetch"
                + " | JobRunr | Quartz |");
    }

    /** The bulk row alone: Tock's enqueueAll and db-scheduler's scheduleBatch store every job; Quartz has no bulk API. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void bulkOnlyMeasuresTheBulkApisAndNothingElse() {
        StringWriter text = new StringWriter();
        PeerBench bench = bench(text);
        bench.bulkOnly = true;
        bench.systems = List.of("tock", "dbs-lf", "quartz");
        Plan plan = Plan.quick();

        Session session = bench.run(plan, 1, bench.contenders(), Optional.empty(), 0);
        session.print(bench.out);

        assertThat(session.failures()).isEmpty();
        Map<String, Map<String, List<Outcome>>> outcomes = session.results().outcomes();
        assertThat(outcomes).containsOnlyKeys("bulk");
        for (String system : List.of("tock", "dbs-lf")) {
            Outcome bulk = outcomes.get("bulk").get(system).get(0);
            assertThat(bulk.executed()).as(system + " stored every job").isEqualTo(plan.bulkJobs());
            assertThat(bulk.value()).as(system + " jobs/s").isPositive();
        }
        assertThat(session.results().notes().get("bulk")).containsEntry("quartz", "n/a");
        assertThat(text.toString()).contains("| bulk enqueue 1,000 jobs/s (batches of 100, one thread) |");
    }

    /** A quick harness on the test database that writes its report into {@code text}. */
    static PeerBench bench(StringWriter text) {
        PeerBench bench = new PeerBench();
        bench.db = URL;
        bench.quick = true;
        bench.out = new PrintWriter(text, true);
        return bench;
    }
}

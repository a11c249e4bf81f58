package dev.tock.bench;

import static dev.tock.bench.PeerBenchTest.bench;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness's cold-start rows: each system measured in a child JVM of its own. */
class PeerColdStartTest {
    /** Cold-start rows come from a child JVM per system and run, and each ran every job. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void coldStartRowsRunEachSystemInAFreshJvm() {
        StringWriter text = new StringWriter();
        PeerBench bench = bench(text);
        bench.cold = true;
        bench.executionOnly = true;
        bench.systems = List.of("tock", "dbs-lf");
        Plan plan = Plan.quick().withExecutionJobs(List.of(300));

        Session session = bench.run(plan, 1, bench.contenders(), Optional.empty(), 0);
        session.print(bench.out);

        assertThat(session.failures()).isEmpty();
        for (String system : List.of("tock", "dbs-lf")) {
            for (int threads : plan.threads()) {
                List<Outcome> runs = session.results().outcomes().get("cold-300-" + threads).get(system);
                assertThat(runs).as(system).hasSize(1);
                assertThat(runs.get(0).executed()).as(system + " ran every job").isEqualTo(300);
                assertThat(runs.get(0).value()).isPositive();
            }
        }
        assertThat(text.toString()).contains("execute 300 jobs, 8 threads, cold start: jobs/s");
    }

    @Test
    void aColdStartOutcomeSurvivesItsOneLineForm() {
        Outcome o = Outcome.stopped(1234.5, 300, 120);
        Outcome back = ColdStart.parse(ColdStart.format(o));
        assertThat(back.value()).isEqualTo(1234.5);
        assertThat(back.expected()).isEqualTo(300);
        assertThat(back.executed()).isEqualTo(120);
        assertThat(back.stoppedAtLimit()).isTrue();
    }
}

package dev.tock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The full-store mode end to end with small counts: Tock's execution rows on a prefilled store, then every
 * dashboard call on it. Checks what ran and what the server answered, never how fast.
 */
class FullStoreTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void prefillsTheCountsAskedForAndEveryDashboardCallAnswers200() {
        StringWriter text = new StringWriter();
        PeerBench bench = PeerBenchTest.bench(text);
        bench.systems = List.of("tock");
        bench.executionOnly = true;
        bench.fullStoreFuture = 100;

        Session session = bench.run(Plan.quick(), 1, bench.contenders(), Optional.empty(), 200);
        session.print(bench.out);
        System.out.println(text);

        assertThat(session.failures()).isEmpty();
        FullStore.Result full = session.fullStore().orElseThrow();
        assertThat(full.finished()).isEqualTo(200);
        assertThat(full.future()).isEqualTo(100);
        assertThat(full.runs()).hasSize(Plan.quick().threads().size()).allSatisfy(r -> assertThat(r).hasSize(1));
        assertThat(text.toString()).contains("prefilled 200 finished jobs", "prefilled 100 future jobs");

        List<DashboardCalls.Timing> calls = full.dashboard();
        assertThat(calls).extracting(DashboardCalls.Timing::path).contains("/v1/namespaces", "/v1/cluster",
                "/v1/namespaces/default/jobs?limit=25", "/v1/namespaces/default/jobs?state=succeeded&limit=25",
                "/v1/namespaces/default/jobs?state=scheduled&limit=25", "/v1/namespaces/default/queues",
                "/v1/namespaces/default/schedules", "/v1/namespaces/default/workflows");
        assertThat(calls).extracting(DashboardCalls.Timing::path).anyMatch(p -> p.matches(".*/jobs/[0-9a-f-]{36}/attempts"))
                .anyMatch(p -> p.matches(".*/workflow-runs/[0-9a-f-]{36}"));
        for (DashboardCalls.Timing call : calls) {
            assertThat(call.statuses()).as("GET " + call.path()).hasSize(FullStore.DASHBOARD_REPEATS).containsOnly(200);
        }
        assertThat(text.toString()).contains("Dashboard REST calls on this store", "| overview | GET /v1/namespaces/default/failures?limit=10 |",
                "Slowest call (median): GET ");
    }

    @Test
    void futureJobsAreAsManyAsFinishedUnlessAskedFor() {
        PeerBench same = CommandLine.populateCommand(new PeerBench(), "--full-store", "1000");
        assertThat(same.futureJobs(same.fullStore)).isEqualTo(1000);

        PeerBench fewer = CommandLine.populateCommand(new PeerBench(), "--full-store", "10000000", "--full-store-future", "1000000");
        assertThat(fewer.futureJobs(fewer.fullStore)).isEqualTo(1_000_000);
    }
}

package dev.tock.bench;

import dev.tock.bench.tock.BenchStore;
import dev.tock.bench.tock.Benchmark;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Tock's execution rows again on a store that already holds many finished and future jobs (issues 6
 * and 21: within 10% of an empty store), then the dashboard's REST calls on that store (issue 21: each
 * under 200 ms).
 */
final class FullStore {
    /** Times each dashboard call is made. */
    static final int DASHBOARD_REPEATS = 5;

    /** Jobs/s of each run per thread count, the first execution size they ran, and the dashboard calls' timings. */
    record Result(int finished, int future, int jobs, List<Integer> threads, List<double[]> runs, List<DashboardCalls.Timing> dashboard) {
    }

    private FullStore() {
    }

    /** Prefills {@code finished} finished and {@code future} future jobs into a new store, then measures on it. */
    static Result measure(String url, int finished, int future, Plan plan, int runs, PrintWriter out) {
        int jobs = plan.executionJobs().get(0);
        try (BenchStore store = BenchStore.open(url)) {
            Benchmark bench = new Benchmark(store.store(), out);
            bench.prefillFinished(finished);
            bench.prefillFuture(future);
            List<double[]> rates = new ArrayList<>();
            for (int threads : plan.threads()) {
                double[] r = new double[runs];
                for (int i = 0; i < runs; i++) {
                    r[i] = bench.execute(jobs, threads);
                }
                rates.add(r);
            }
            List<DashboardCalls.Timing> dashboard = DashboardCalls.measure(store.store(), DASHBOARD_REPEATS, out);
            return new Result(finished, future, jobs, plan.threads(), rates, dashboard);
        }
    }
}

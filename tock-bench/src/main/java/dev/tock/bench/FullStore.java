package dev.tock.bench;

import dev.tock.bench.tock.BenchStore;
import dev.tock.bench.tock.Benchmark;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Tock's execution rows again on a store that already holds {@code n} finished and {@code n} future
 * jobs (issue 6: within 10% of an empty store).
 */
final class FullStore {
    /** Median jobs/s of each thread count, and the first execution size they ran. */
    record Result(int finished, int future, int jobs, List<Integer> threads, List<double[]> runs) {
    }

    private FullStore() {
    }

    static Result measure(String url, int n, Plan plan, int runs, PrintWriter out) {
        int jobs = plan.executionJobs().get(0);
        try (BenchStore store = BenchStore.open(url)) {
            Benchmark bench = new Benchmark(store.store(), out);
            bench.prefillFinished(n);
            bench.prefillFuture(n);
            List<double[]> rates = new ArrayList<>();
            for (int threads : plan.threads()) {
                double[] r = new double[runs];
                for (int i = 0; i < runs; i++) {
                    r[i] = bench.execute(jobs, threads);
                }
                rates.add(r);
            }
            return new Result(n, n, jobs, plan.threads(), rates);
        }
    }
}

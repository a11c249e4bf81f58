package dev.tock.bench.tock;

import dev.tock.store.CompletionCommit;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** One measurement of {@code tock bench} in one completion commit mode, printed as a table row and as a JSON line. */
public record BenchResult(
        String store,
        CompletionCommit commit,
        int threads,
        int jobs,
        double enqueuePerSecond,
        double enqueueBatchPerSecond,
        double execPerSecond,
        double latenessP50Ms,
        double latenessP99Ms,
        double latenessMaxMs,
        int finishedInStore) {

    public String toJson() {
        return String.format(Locale.ROOT, "{\"store\":\"%s\",\"completion_commit\":\"%s\",\"threads\":%d,\"jobs\":%d,"
                        + "\"enqueue_per_s\":%.0f,\"enqueue_batch_per_s\":%.0f,\"exec_per_s\":%.0f,\"lateness_p50_ms\":%.2f,"
                        + "\"lateness_p99_ms\":%.2f,\"lateness_max_ms\":%.2f,\"finished_in_store\":%d}",
                store, commit.wireName(), threads, jobs, enqueuePerSecond, enqueueBatchPerSecond, execPerSecond,
                latenessP50Ms, latenessP99Ms, latenessMaxMs, finishedInStore);
    }

    public static void printTable(PrintWriter out, List<BenchResult> results) {
        out.println();
        out.printf(Locale.ROOT, "%-11s %-8s %7s %7s %12s %12s %10s %9s %9s %9s%n", "store", "commit", "threads", "jobs",
                "enqueue/s", "batch enq/s", "exec/s", "late p50", "late p99", "late max");
        for (BenchResult r : results) {
            out.printf(Locale.ROOT, "%-11s %-8s %7d %7d %12.0f %12.0f %10.0f %7.2fms %7.2fms %7.2fms%n", r.store,
                    r.commit.wireName(), r.threads, r.jobs, r.enqueuePerSecond, r.enqueueBatchPerSecond, r.execPerSecond,
                    r.latenessP50Ms, r.latenessP99Ms, r.latenessMaxMs);
        }
        out.println();
    }
}

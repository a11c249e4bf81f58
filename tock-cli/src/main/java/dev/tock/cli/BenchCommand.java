package dev.tock.cli;

import dev.tock.bench.tock.BenchOptions;
import dev.tock.bench.tock.TockBench;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tock bench}: measures enqueue and execution throughput and start lateness on a store, with tock-bench's {@link TockBench}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
                "Measures Tock on a store and ends with one JSON line per measurement.",
                "It measures enqueue jobs/s (one job per call from 8 producers, and in batches of 1,000), execution "
                        + "jobs/s of pre-enqueued no-op jobs at each worker-thread count, and the start lateness of jobs "
                        + "due a few seconds ahead.",
                "Without --db it uses a fresh embedded store in a temporary folder; with a PostgreSQL URL it works in a "
                        + "fresh schema that it drops afterwards."})
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Mixin
    BenchOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        new TockBench(options, spec.commandLine().getOut()).run();
        return 0;
    }
}

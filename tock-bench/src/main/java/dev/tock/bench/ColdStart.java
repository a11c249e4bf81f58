package dev.tock.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * An execution run in a fresh JVM: what a node that was just deployed sees, start-up and JIT warm-up
 * included. The parent starts {@code java -cp <its class path> dev.tock.bench.ColdStart …}; the child
 * enqueues the jobs, starts the system, times from its {@code start()} until every job has run, exactly
 * as {@link Contender#execute} does in the warm process, and prints one {@value #RESULT} line.
 */
final class ColdStart {
    static final String RESULT = "cold-start-outcome";
    /** Room beyond the run's own limit for the child's start and its schema work. */
    private static final Duration SLACK = Duration.ofMinutes(3);

    private ColdStart() {
    }

    /** Runs {@code system}'s execution in a child JVM and returns what it measured. */
    static Outcome execute(String db, int peerVacuumSeconds, String system, int jobs, int threads, Duration limit, PrintWriter out) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-D" + PeerBench.LOGGING_PROPERTY + "=" + System.getProperty(PeerBench.LOGGING_PROPERTY, PeerBench.LOGGING),
                "-cp", System.getProperty("java.class.path"), ColdStart.class.getName(),
                "--db", db, "--peer-vacuum", Integer.toString(peerVacuumSeconds), "--systems", system,
                "--jobs", Integer.toString(jobs), "--threads", Integer.toString(threads),
                "--limit-seconds", Long.toString(limit.toSeconds())));
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            Optional<Outcome> outcome = Optional.empty();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(RESULT + " ")) {
                        outcome = Optional.of(parse(line));
                    } else {
                        out.println("  [cold " + system + "] " + line);
                    }
                }
            }
            if (!child.waitFor(limit.plus(SLACK).toSeconds(), TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new BenchException(system + ": the cold-start JVM did not end within " + limit.plus(SLACK));
            }
            if (child.exitValue() != 0 || outcome.isEmpty()) {
                throw new BenchException(system + ": the cold-start JVM exited " + child.exitValue() + " without a result");
            }
            return outcome.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(system + ": interrupted while waiting for the cold-start JVM");
        }
    }

    static String format(Outcome o) {
        return String.format(Locale.ROOT, "%s %.3f %d %d %b", RESULT, o.value(), o.expected(), o.executed(), o.stoppedAtLimit());
    }

    static Outcome parse(String line) {
        String[] f = line.split(" ");
        return new Outcome(new double[] {Double.parseDouble(f[1])}, Long.parseLong(f[2]), Long.parseLong(f[3]), Boolean.parseBoolean(f[4]));
    }

    /** The child's options: the parent's database and vacuuming, one system and one execution run. */
    @CommandLine.Command(name = "cold-start")
    static final class Child {
        @CommandLine.Option(names = "--db", required = true)
        String db;

        @CommandLine.Option(names = "--peer-vacuum", required = true)
        int peerVacuumSeconds;

        @CommandLine.Option(names = "--systems", required = true)
        String system;

        @CommandLine.Option(names = "--jobs", required = true)
        int jobs;

        @CommandLine.Option(names = "--threads", required = true)
        int threads;

        @CommandLine.Option(names = "--limit-seconds", required = true)
        long limitSeconds;
    }

    public static void main(String[] args) {
        Child child = new Child();
        new CommandLine(child).parseArgs(args);
        PeerBench bench = new PeerBench();
        bench.db = child.db;
        bench.peerVacuumSeconds = child.peerVacuumSeconds;
        bench.systems = List.of(child.system);
        bench.out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        Contender contender = bench.contenders().get(0);
        Outcome outcome = contender.execute(child.jobs, child.threads, Duration.ofSeconds(child.limitSeconds));
        System.out.println(format(outcome));
        System.exit(0); // peers' libraries may leave non-daemon threads behind
    }
}

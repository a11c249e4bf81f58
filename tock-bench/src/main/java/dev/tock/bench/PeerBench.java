package dev.tock.bench;

import dev.tock.store.CompletionCommit;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Tock and its peers side by side on one PostgreSQL, in one process run, with the same worker threads
 * and pool sizes: enqueue and execution throughput, start lateness of delayed jobs, fire lateness of
 * per-second schedules, and the database's own single-row commit rate as the ceiling. Runs are
 * interleaved (run 1 of every system, then run 2, ...) so that a change in the machine's load falls on
 * all of them alike.
 */
@Command(name = "tock-bench", mixinStandardHelpOptions = true,
        description = "Measures Tock, db-scheduler, JobRunr and Quartz on the same PostgreSQL and prints one table.")
public final class PeerBench implements Callable<Integer> {
    static final String DEFAULT_DB = "jdbc:postgresql://127.0.0.1:5432/tock_test?user=postgres";
    private static final int WARM_UP_JOBS = 500;
    /** This jar's logging: warnings only, as tock-cli's logback.xml, which is not on this jar's class path. */
    static final String LOGGING_PROPERTY = "logback.configurationFile";
    static final String LOGGING = "tock-bench-logback.xml";

    @Option(names = "--db", defaultValue = DEFAULT_DB, description = "PostgreSQL URL (default: ${DEFAULT-VALUE})")
    String db;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of every measurement; the table shows medians and ranges (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--quick", description = "A smoke run with small counts (about a minute), default-poll variants left out")
    boolean quick;

    @Option(names = "--systems", split = ",", description = "Only these systems: tock, tock-fast, dbs-lf, dbs-fetch, dbs-lf-default, dbs-fetch-default, jobrunr, quartz")
    List<String> systems;

    @Option(names = "--jobs", split = ",", description = "Pre-enqueued jobs per execution run (default: 20000,200000; quick: 1000)")
    List<Integer> jobs;

    @Option(names = "--server-rss", negatable = true, description = "Measure tock server's RSS under REST enqueue load (default: on, off with --quick)")
    Boolean serverRss;

    @Option(names = "--time-limit", description = "Longest execution run, in minutes; a system still running then is"
            + " reported with the rate until then, marked † (default: 10; quick: 2)")
    Integer timeLimitMinutes;

    @Option(names = "--peer-vacuum", defaultValue = "60", description = "When the server's autovacuum is off, VACUUM ANALYZE the"
            + " peers' tables every this many seconds, as autovacuum would (default: ${DEFAULT-VALUE}; 0: never)")
    int peerVacuumSeconds;

    @Option(names = "--server-java-opts", split = " ", description = "JVM options for the tock server of the RSS measurement,"
            + " after those ./tock server starts it with (-Xmx256m), e.g. \"-Xmx128m\" (default: none)")
    List<String> serverJavaOptions = List.of();

    @Option(names = "--warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Before the counted runs, a small enqueue and execution run of every system (default: on, off with --quick)")
    boolean warmUp;

    @Option(names = "--execution-only", description = "Only the execution rows and the commit ceiling: no enqueue, lateness"
            + " or cron rows (e.g. for the 200,000-job rows: --jobs 200000 --execution-only)")
    boolean executionOnly;

    @Option(names = "--bulk-only", description = "Only the bulk enqueue row (batches of 1,000 through each system's bulk API),"
            + " no execution, lateness, cron or ceiling rows")
    boolean bulkOnly;

    @Option(names = "--full-store", defaultValue = "0",
            description = "Also run Tock's execution rows with this many finished jobs (and --full-store-future future ones) in the store,"
                    + " then time the dashboard's REST calls on it (default: 0, off)")
    int fullStore;

    @Option(names = "--full-store-future", description = "Future jobs (due in a day) in the full store (default: as many as --full-store)")
    Integer fullStoreFuture;

    @Option(names = "--cold", description = "Also time every execution row from a cold start: each system in a fresh JVM,"
            + " from its start() until every job has run, start-up and JIT warm-up included (rows marked cold start)")
    boolean cold;

    PrintWriter out;
    private double lastSeconds;

    public static void main(String[] args) {
        if (System.getProperty(LOGGING_PROPERTY) == null) {
            System.setProperty(LOGGING_PROPERTY, LOGGING); // before the first logger is made
        }
        System.exit(new CommandLine(new PeerBench()).execute(args));
    }

    @Override
    public Integer call() {
        if (out == null) {
            out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        }
        Plan plan = quick ? Plan.quick() : Plan.full();
        if (jobs != null) {
            plan = plan.withExecutionJobs(jobs);
        }
        if (timeLimitMinutes != null) {
            plan = plan.withExecutionLimit(Duration.ofMinutes(timeLimitMinutes));
        }
        if (runs < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--runs must be at least 1");
        }
        warmUp = warmUp && !quick;
        // Found before the hours of measuring, so that a tool not built fails the run at once.
        Optional<TockCli> rssTool = (serverRss == null ? !quick && !bulkOnly : serverRss) ? Optional.of(TockCli.shadedJar()) : Optional.empty();
        if (fullStore < 0 || fullStoreFuture != null && fullStoreFuture < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--full-store and --full-store-future must not be negative");
        }
        Session session = run(plan, runs, contenders(), rssTool, fullStore);
        session.print(out);
        return session.failures().isEmpty() ? 0 : 1;
    }

    /** The systems of this run, in table order. */
    List<Contender> contenders() {
        PeerSchemas peers = peerSchemas();
        List<Contender> all = new ArrayList<>(List.of(
                new TockContender(db, out, CompletionCommit.DURABLE),
                new TockContender(db, out, CompletionCommit.FAST),
                new DbSchedulerContender(peers, DbSchedulerContender.Polling.LOCK_AND_FETCH, Optional.of(Duration.ofSeconds(1))),
                new DbSchedulerContender(peers, DbSchedulerContender.Polling.FETCH, Optional.of(Duration.ofSeconds(1)))));
        if (!quick) {
            all.add(new DbSchedulerContender(peers, DbSchedulerContender.Polling.LOCK_AND_FETCH, Optional.empty()));
            all.add(new DbSchedulerContender(peers, DbSchedulerContender.Polling.FETCH, Optional.empty()));
        }
        all.add(new JobRunrContender(peers));
        all.add(new QuartzContender(peers));
        if (systems != null) {
            List<Contender> chosen = all.stream().filter(c -> systems.contains(c.id())).toList();
            if (chosen.size() != systems.size()) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--systems: unknown system among " + systems
                        + "; known: " + all.stream().map(Contender::id).toList());
            }
            return chosen;
        }
        return all;
    }

    /** Vacuuming on the peers' behalf when the server's autovacuum is off and {@code --peer-vacuum} is not 0. */
    PeerSchemas peerSchemas() {
        boolean autovacuum = Machine.autovacuum(db);
        return new PeerSchemas(db, autovacuum || peerVacuumSeconds <= 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(peerVacuumSeconds)));
    }

    /**
     * Runs every measurement of {@code plan} {@code runs} times over {@code contenders}, then, when given an
     * {@code rssTool}, measures the resident memory of its {@code tock server}.
     */
    Session run(Plan plan, int runs, List<Contender> contenders, Optional<TockCli> rssTool, int fullStore) {
        Session session = new Session(db, plan, runs, contenders, Instant.now(), Machine.loadAverage());
        Results results = session.results();
        session.addNote("Peers' schemas: " + peerSchemas().describe());
        String enqueue = "enqueue";
        String bulk = "bulk";
        if (!executionOnly && !bulkOnly) {
            results.addRow(new Results.Row(String.format(Locale.ROOT, "enqueue jobs/s (one per call, %d producers)", plan.producers()),
                    enqueue, 0, true, plan.producers()));
        }
        if (!executionOnly) {
            results.addRow(new Results.Row(String.format(Locale.ROOT, "bulk enqueue %,d jobs/s (batches of %,d, one thread)",
                    plan.bulkJobs(), plan.bulkBatch()), bulk, 0, true, 0));
        }
        for (int size : bulkOnly ? List.<Integer>of() : plan.executionJobs()) {
            for (int threads : plan.threads()) {
                results.addRow(new Results.Row(String.format(Locale.ROOT, "execute %,d jobs, %d threads: jobs/s", size, threads),
                        "exec-" + size + "-" + threads, 0, true, threads));
                if (cold) {
                    results.addRow(new Results.Row(String.format(Locale.ROOT, "execute %,d jobs, %d threads, cold start: jobs/s", size, threads),
                            "cold-" + size + "-" + threads, 0, true, threads));
                }
            }
        }
        if (!executionOnly && !bulkOnly) {
            addLatenessRows(results, plan);
        }
        List<Integer> connections = new ArrayList<>(List.of(plan.producers()));
        plan.threads().stream().filter(t -> !connections.contains(t)).forEach(connections::add);
        if (warmUp) {
            warmUp(session, contenders);
        }
        for (int run = 1; run <= runs; run++) {
            out.printf("%n== run %d of %d ==%n", run, runs);
            for (Contender c : contenders) {
                if (c.measuresThroughput() && !executionOnly && !bulkOnly) {
                    measure(session, enqueue, c, () -> c.enqueue(plan.enqueueJobs(), plan.producers()));
                }
            }
            for (Contender c : contenders) {
                if (c.measuresThroughput() && !executionOnly) {
                    Optional<Outcome> outcome = attempt(session, bulk, c, () -> c.bulkEnqueue(plan.bulkJobs(), plan.bulkBatch()));
                    if (outcome != null) {
                        outcome.ifPresentOrElse(o -> record(session, bulk, c, o), () -> session.results().note(bulk, c, "n/a"));
                    }
                }
            }
            for (int size : bulkOnly ? List.<Integer>of() : plan.executionJobs()) {
                for (int threads : plan.threads()) {
                    for (Contender c : contenders) {
                        if (c.measuresThroughput()) {
                            measure(session, "exec-" + size + "-" + threads, c, () -> c.execute(size, threads, plan.executionLimit()));
                        }
                    }
                    for (Contender c : cold ? contenders : List.<Contender>of()) {
                        if (c.measuresThroughput()) {
                            measure(session, "cold-" + size + "-" + threads, c, () -> ColdStart.execute(db, peerVacuumSeconds, c.id(), size,
                                    threads, plan.executionLimit(), out));
                        }
                    }
                }
            }
            if (!executionOnly && !bulkOnly) {
                measureLatenessAndCron(session, plan, contenders);
            }
            for (int n : bulkOnly ? List.<Integer>of() : connections) {
                double commits = CommitCeiling.measure(db, n, plan.ceilingDuration());
                out.printf(Locale.ROOT, "PostgreSQL single-row UPDATE commits, %d connections: %,.0f/s%n", n, commits);
                results.addCeiling(n, commits);
            }
        }
        if (fullStore > 0) {
            session.fullStore(FullStore.measure(db, fullStore, futureJobs(fullStore), plan, runs, out));
        }
        if (rssTool.isPresent()) {
            out.println("tock server RSS under REST enqueue load...");
            session.serverRss(ServerRss.measure(rssTool.get(), db, quick ? 1_000 : 10_000, serverJavaOptions));
        }
        session.end(Instant.now(), Machine.loadAverage());
        return session;
    }

    /** The future jobs of a full store of {@code finished} finished jobs: {@code --full-store-future}, or as many. */
    int futureJobs(int finished) {
        return fullStoreFuture == null ? finished : fullStoreFuture;
    }

    private static void addLatenessRows(Results results, Plan plan) {
        String[] stats = {"p50", "p99", "max"};
        for (int i = 0; i < 3; i++) {
            results.addRow(new Results.Row(String.format(Locale.ROOT, "start lateness %s, %d delayed jobs: ms", stats[i], plan.delayedJobs()),
                    "late", i, false, 0));
        }
        for (int i = 0; i < 3; i++) {
            results.addRow(new Results.Row(String.format(Locale.ROOT, "cron fire lateness %s, %,d per-second schedules: ms", stats[i],
                    plan.cronSchedules()), "cron", i, false, 0));
        }
        results.addRow(new Results.Row("cron: nominal times that ran, % of due", "cron", 3, true, 0));
    }

    private void measureLatenessAndCron(Session session, Plan plan, List<Contender> contenders) {
        for (Contender c : contenders) {
            measure(session, "late", c, () -> c.lateness(plan.delayedJobs(), plan.delayAhead(), plan.lateThreads()));
        }
        for (Contender c : contenders) {
            Optional<Outcome> cron = attempt(session, "cron", c, () -> c.cron(plan.cronSchedules(), plan.cronDuration(), plan.cronThreads()));
            if (cron != null) {
                cron.ifPresentOrElse(o -> record(session, "cron", c, o), () -> session.results().note("cron", c, "n/a"));
            }
        }
    }

    /**
     * A small enqueue and execution run of every system, not counted: each library's code is compiled
     * by the JIT on first use, and the first system measured would otherwise pay for the JDBC driver
     * and pool that the others then find compiled.
     */
    private void warmUp(Session session, List<Contender> contenders) {
        out.printf("%n== warm-up (not counted) ==%n");
        for (Contender c : contenders) {
            if (c.measuresThroughput()) {
                attempt(session, "warm-up", c, () -> c.enqueue(WARM_UP_JOBS, 8));
                attempt(session, "warm-up", c, () -> c.bulkEnqueue(WARM_UP_JOBS * 4, WARM_UP_JOBS));
                attempt(session, "warm-up", c, () -> c.execute(WARM_UP_JOBS, 8, Duration.ofMinutes(2)));
            }
        }
    }

    private void measure(Session session, String measurement, Contender c, Supplier<Outcome> run) {
        Outcome outcome = attempt(session, measurement, c, run);
        if (outcome != null) {
            record(session, measurement, c, outcome);
        }
    }

    private void record(Session session, String measurement, Contender c, Outcome outcome) {
        session.results().add(measurement, c, outcome);
        out.printf(Locale.ROOT, "%-36s %-16s %s (%d of %d jobs, %.1f s)%n", c.name(), measurement,
                Arrays.toString(Arrays.stream(outcome.values()).map(v -> Math.round(v * 100) / 100.0).toArray()),
                outcome.executed(), outcome.expected(), lastSeconds);
        boolean stoppedWithProgress = outcome.stoppedAtLimit() && outcome.executed() > 0;
        if (!stoppedWithProgress && !outcome.complete() && !measurement.equals("cron")) {
            session.failures().add(c.name() + " " + measurement + ": " + outcome.executed() + " of " + outcome.expected() + " jobs");
        }
    }

    /** Runs one measurement; a failure is reported in the table and the session, not thrown. */
    private <T> T attempt(Session session, String measurement, Contender c, Supplier<T> run) {
        long start = System.nanoTime();
        try {
            return run.get();
        } catch (RuntimeException e) {
            out.printf("%s %s failed: %s%n", c.name(), measurement, e);
            session.results().note(measurement, c, "failed");
            session.failures().add(c.name() + " " + measurement + ": " + e.getMessage());
            return null;
        } finally {
            lastSeconds = (System.nanoTime() - start) / 1e9;
        }
    }
}

package dev.tock.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** One benchmark session: its plan, the results, the machine and its load, and what failed. */
final class Session {
    private final String url;
    private final Plan plan;
    private final int runs;
    private final List<Contender> contenders;
    private final Results results;
    private final Instant start;
    private final String loadAtStart;
    private final List<String> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Instant end;
    private String loadAtEnd = "";
    private Optional<ServerRss.Result> serverRss = Optional.empty();
    private Optional<FullStore.Result> fullStore = Optional.empty();

    Session(String url, Plan plan, int runs, List<Contender> contenders, Instant start, String loadAtStart) {
        this.url = url;
        this.plan = plan;
        this.runs = runs;
        this.contenders = contenders;
        this.results = new Results(contenders);
        this.start = start;
        this.loadAtStart = loadAtStart;
    }

    Results results() {
        return results;
    }

    List<String> failures() {
        return failures;
    }

    List<Contender> contenders() {
        return contenders;
    }

    Optional<ServerRss.Result> serverRss() {
        return serverRss;
    }

    void serverRss(ServerRss.Result result) {
        serverRss = Optional.of(result);
    }

    Optional<FullStore.Result> fullStore() {
        return fullStore;
    }

    void fullStore(FullStore.Result result) {
        fullStore = Optional.of(result);
    }

    /** A line printed under the configurations. */
    void addNote(String note) {
        notes.add(note);
    }

    void end(Instant at, String load) {
        end = at;
        loadAtEnd = load;
    }

    void print(PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "Measured %s UTC, %d run(s) per figure, took %s; %s; load average %s at start, %s at end%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(start.atOffset(ZoneOffset.UTC)), runs,
                Duration.between(start, end).withNanos(0).toString().substring(2).toLowerCase(Locale.ROOT),
                Machine.describe(url), loadAtStart, loadAtEnd);
        out.println();
        results.print(out);
        out.println();
        out.println("Configurations (same worker threads per row, pool of " + plan.poolSize() + " connections each):");
        contenders.forEach(c -> out.println("- " + c.name() + ": " + c.configuration()));
        notes.forEach(n -> out.println("- " + n));
        fullStore.ifPresent(f -> printFullStore(out, f));
        serverRss.ifPresent(r -> out.printf(Locale.ROOT, "%ntock server RSS (VmRSS, JVM options: %s): %.0f MiB idle, peak %.0f MiB under"
                + " REST enqueue load (%,.0f single-job requests/s from 16 clients, %,.0f jobs/s in batches of 1,000 from 4)%n",
                r.javaOptions().isEmpty() ? "none" : String.join(" ", r.javaOptions()), r.idleMiB(), r.peakMiB(),
                r.singleRequestsPerSecond(), r.batchJobsPerSecond()));
        if (!failures.isEmpty()) {
            out.println();
            out.println("FAILED (no figure reported for these):");
            failures.forEach(f -> out.println("- " + f));
        }
        out.flush();
    }

    private void printFullStore(PrintWriter out, FullStore.Result f) {
        out.println();
        for (int i = 0; i < f.threads().size(); i++) {
            double[] r = f.runs().get(i).clone();
            Arrays.sort(r);
            double median = Results.median(r);
            OptionalDouble empty = results.median("exec-" + f.jobs() + "-" + f.threads().get(i), "tock", 0);
            out.printf(Locale.ROOT, "Tock, %,d finished + %,d future jobs in the store, execute %,d jobs, %d threads: %,.0f jobs/s (%,.0f–%,.0f)%s%n",
                    f.finished(), f.future(), f.jobs(), f.threads().get(i), median, r[0], r[r.length - 1],
                    empty.isPresent() ? String.format(Locale.ROOT, ", %.0f%% of the empty store's %,.0f", 100 * median / empty.getAsDouble(), empty.getAsDouble()) : "");
        }
        DashboardCalls.print(out, f.dashboard(), FullStore.DASHBOARD_REPEATS);
    }
}

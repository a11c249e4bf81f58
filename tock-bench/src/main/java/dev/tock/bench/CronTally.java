package dev.tock.bench;

import dev.tock.cli.bench.Lateness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs of per-second schedules: for each (schedule, nominal second) how late its run started.
 * Like {@code tock bench}, it counts the nominal times from two seconds after the schedules were
 * created until the end of the window, so that creating them is not measured.
 */
final class CronTally {
    private record Slot(int schedule, long epochSecond) {
    }

    /** A scheduler that started no run at all for this long after the window has skipped the runs still missing. */
    private static final Duration STALL = Duration.ofSeconds(2);

    private final int schedules;
    private final Map<Slot, Double> lateMillis = new ConcurrentHashMap<>();
    private Instant from = Instant.MAX;
    private Instant to = Instant.MAX;

    CronTally(int schedules) {
        this.schedules = schedules;
    }

    /** Records that schedule {@code index}'s run for {@code nominal} started now. */
    void ran(int index, Instant nominal) {
        lateMillis.putIfAbsent(new Slot(index, nominal.getEpochSecond()), Duration.between(nominal, Instant.now()).toNanos() / 1e6);
    }

    /**
     * Runs the window: from two seconds after now, for {@code duration}; then waits (bounded by
     * {@code grace}) for its late runs while the scheduler still starts runs at all.
     */
    void runWindow(Duration duration, Duration grace) {
        from = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        to = from.plus(duration);
        Waits.sleep(Duration.between(Instant.now(), to));
        long deadline = System.nanoTime() + grace.toNanos();
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (ranInWindow() < expected() && System.nanoTime() < deadline) {
            long ran = lateMillis.size();
            if (ran != seen) {
                seen = ran;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                return;
            }
            Waits.sleep(Duration.ofMillis(100));
        }
    }

    long expected() {
        return schedules * Duration.between(from, to).toSeconds();
    }

    long ranInWindow() {
        return lateMillis.keySet().stream().filter(this::inWindow).count();
    }

    Outcome outcome() {
        double[] late = lateMillis.entrySet().stream().filter(e -> inWindow(e.getKey())).mapToDouble(Map.Entry::getValue).toArray();
        Lateness lateness = late.length == 0 ? new Lateness(Double.NaN, Double.NaN, Double.NaN) : Lateness.of(late);
        return Outcome.cron(lateness, expected(), late.length);
    }

    private boolean inWindow(Slot slot) {
        return slot.epochSecond() >= from.getEpochSecond() && slot.epochSecond() < to.getEpochSecond();
    }
}

package dev.tock.bench;

import dev.tock.bench.tock.Lateness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

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

    /** How long runs started together with the first one after the window may take to be counted. */
    private static final Duration SETTLE = Duration.ofMillis(500);

    private final int schedules;
    private final Map<Slot, Double> lateMillis = new ConcurrentHashMap<>();
    /** Per schedule, the latest nominal second that ran. */
    private final AtomicLongArray latestSecond;
    private Instant from = Instant.MAX;
    private Instant to = Instant.MAX;

    CronTally(int schedules) {
        this.schedules = schedules;
        this.latestSecond = new AtomicLongArray(schedules);
    }

    /** Records that schedule {@code index}'s run for {@code nominal} started now. */
    void ran(int index, Instant nominal) {
        lateMillis.putIfAbsent(new Slot(index, nominal.getEpochSecond()), Duration.between(nominal, Instant.now()).toNanos() / 1e6);
        latestSecond.accumulateAndGet(index, nominal.getEpochSecond(), Math::max);
    }

    /**
     * Runs the window: from two seconds after now, for {@code duration}; then waits (bounded by
     * {@code grace}) for its late runs while the scheduler still starts runs at all and some schedule
     * has not yet run a time after the window (a run missing behind that is skipped, not late).
     */
    void runWindow(Duration duration, Duration grace) {
        from = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        to = from.plus(duration);
        Waits.sleep(Duration.between(Instant.now(), to));
        long deadline = System.nanoTime() + grace.toNanos();
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (ranInWindow() < expected() && System.nanoTime() < deadline) {
            if (allMovedPast(to)) {
                Waits.sleep(SETTLE); // runs of the same batch may still be starting
                return;
            }
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

    private boolean allMovedPast(Instant end) {
        for (int i = 0; i < schedules; i++) {
            if (latestSecond.get(i) < end.getEpochSecond()) {
                return false;
            }
        }
        return true;
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

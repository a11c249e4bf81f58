package dev.tock.engine;

import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.FireTimes;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.StoredSchedule;
import dev.tock.store.FirePlan;
import dev.tock.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules. It keeps every active schedule's next nominal time in memory and sleeps until the
 * earliest, measured on the store's clock; then it plans the due nominal times ({@link FirePlanner})
 * of all schedules at once and records them through the store, which enqueues each fire's job in the
 * same transaction.
 *
 * <p>Schedules under {@code ALLOW} (the default) are recorded up to {@link #FIRE_AHEAD} before their
 * nominal time: their job waits as {@code scheduled} and the dispatcher starts it on time, so the cost
 * of recording never makes a run late. Other overlap policies look at the schedule's active runs, so
 * they are decided at the nominal time itself.
 *
 * <p>Every node runs one and none leads: the store records each (schedule, nominal time) once, so a
 * node that loses the race records nothing. A node that was stopped, stalled or cut off catches up
 * from the latest nominal time any node recorded.
 */
final class ScheduleFirer extends WakeableLoop {
    /**
     * How far ahead of its nominal time an {@code ALLOW} schedule's fire is recorded. Nominal times fall
     * on whole seconds, so recording at the half second keeps the recording of the next fires off the
     * instant when this second's runs start.
     */
    static final Duration FIRE_AHEAD = Duration.ofMillis(1_500);
    private static final Logger log = LoggerFactory.getLogger(ScheduleFirer.class);
    private static final int MAX_DUE_PER_PASS = 10_000;
    /** Fires recorded per transaction: enough to batch well, few enough to hold locks briefly. */
    private static final int PLANS_PER_TRANSACTION = 500;

    private final String node;
    private final Store store;
    private final Runnable onFired;
    private final EngineMetrics metrics;
    private final long refreshNanos;
    private final Map<String, Tracked> tracked = new HashMap<>();
    /** Re-read every schedule this often even when none changed, to pick up other nodes' progress. */
    private static final long FULL_RELOAD_NANOS = Duration.ofMinutes(1).toNanos();

    private volatile boolean reloadRequested = true;
    private long lastCheck;
    private long lastReload;
    private String revision = "";
    private boolean holdsBufferedRuns;

    /** A schedule as this node follows it. */
    private static final class Tracked {
        final Schedule schedule;
        final FireTimes times;
        final Duration ahead;
        Instant cursor;
        Optional<Instant> next;
        /** The times planned but not yet recorded, and the next time after them. */
        Instant plannedCursor;
        Optional<Instant> plannedNext;

        Tracked(Schedule schedule, Instant cursor) {
            this.schedule = schedule;
            this.times = schedule.fireTimes();
            this.ahead = schedule.overlap() == OverlapPolicy.ALLOW && schedule.history().suspendAfterFailures().isEmpty()
                    ? FIRE_AHEAD : Duration.ZERO;
            this.cursor = cursor;
            this.next = nextAfter(cursor);
        }

        Optional<Instant> nextAfter(Instant after) {
            return times.nextAfter(after);
        }

        /** When this schedule's next fire should be recorded, or empty when it has no more. */
        Optional<Instant> recordAt() {
            return next.map(t -> t.minus(ahead));
        }

        boolean isDue(Instant now) {
            return recordAt().map(t -> !t.isAfter(now)).orElse(false);
        }

        FirePlan plan(String node, Instant now) {
            Instant horizon = now.plus(ahead);
            List<Instant> due = new ArrayList<>();
            Optional<Instant> n = next;
            while (n.isPresent() && !n.get().isAfter(horizon) && due.size() < MAX_DUE_PER_PASS) {
                due.add(n.get());
                n = nextAfter(n.get());
            }
            plannedCursor = due.get(due.size() - 1);
            plannedNext = n;
            return FirePlanner.plan(schedule, node, due, now);
        }

        void recorded() {
            cursor = plannedCursor;
            next = plannedNext;
        }
    }

    ScheduleFirer(String node, Store store, Duration refreshInterval, Runnable onFired, EngineMetrics metrics) {
        super("tock-scheduler");
        this.node = node;
        this.store = store;
        this.onFired = onFired;
        this.metrics = metrics;
        this.refreshNanos = refreshInterval.toNanos();
    }

    /** Schedules changed: read them again now. */
    void reload() {
        reloadRequested = true;
        wake();
    }

    @Override
    protected void runOnce() throws InterruptedException {
        long readAt = System.nanoTime();
        if (reloadRequested || readAt - lastReload > FULL_RELOAD_NANOS) {
            reloadSchedules();
            lastReload = readAt;
            lastCheck = readAt;
        } else if (readAt - lastCheck > refreshNanos) {
            lastCheck = readAt;
            if (!store.schedules().revision().equals(revision)) {
                reloadSchedules();
                lastReload = readAt;
            }
        }
        Instant now = store.now();
        fireDue(now);
        awaitWake(readAt + untilNextFire(now));
    }

    private void reloadSchedules() {
        reloadRequested = false;
        revision = store.schedules().revision();
        Map<String, Tracked> previous = new HashMap<>(tracked);
        tracked.clear();
        for (StoredSchedule stored : store.schedules().active()) {
            Schedule s = stored.schedule();
            String key = s.namespace() + "/" + s.name();
            Tracked old = previous.get(key);
            if (old != null && old.schedule.equals(s) && !stored.cursor().isAfter(old.cursor)) {
                tracked.put(key, old); // unchanged and not overtaken by another node: keep its next time
            } else {
                tracked.put(key, new Tracked(s, stored.cursor()));
            }
        }
        holdsBufferedRuns = tracked.values().stream().anyMatch(t -> t.schedule.overlap() == OverlapPolicy.BUFFER_ONE);
    }

    private void fireDue(Instant now) {
        List<Tracked> due = new ArrayList<>();
        List<FirePlan> plans = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (t.isDue(now)) {
                due.add(t);
                plans.add(t.plan(node, now));
            }
        }
        boolean fired = false;
        for (int from = 0; from < plans.size(); from += PLANS_PER_TRANSACTION) {
            int to = Math.min(plans.size(), from + PLANS_PER_TRANSACTION);
            fired |= record(due.subList(from, to), plans.subList(from, to));
        }
        if (fired) {
            onFired.run();
        }
        if (holdsBufferedRuns) {
            startBufferedRuns();
        }
    }

    /** Records the plans in one transaction; when that fails, one by one, so one bad schedule holds up no other. */
    private boolean record(List<Tracked> due, List<FirePlan> plans) {
        try {
            List<ScheduleFire> recorded = store.schedules().recordFires(plans);
            due.forEach(Tracked::recorded);
            recorded.forEach(this::logFire);
            metrics.fired(recorded);
            return recorded.stream().anyMatch(f -> f.job().isPresent());
        } catch (RuntimeException e) {
            if (plans.size() == 1) {
                log.atWarn().addKeyValue("schedule", plans.get(0).schedule()).addKeyValue("node", node)
                        .log("firing schedule {} failed; will retry", plans.get(0).schedule(), e);
                return false;
            }
        }
        boolean fired = false;
        for (int i = 0; i < plans.size(); i++) {
            fired |= record(due.subList(i, i + 1), plans.subList(i, i + 1));
        }
        return fired;
    }

    private void logFire(ScheduleFire f) {
        // A fire that ran is routine (the job's own logs follow); one that did not is worth a line.
        (f.outcome() == FireOutcome.FIRED ? log.atDebug() : log.atInfo()).addKeyValue("schedule", f.schedule()).addKeyValue("node", node)
                .addKeyValue("job", f.job().map(Object::toString).orElse(""))
                .log("schedule {} nominal time {} {}", f.schedule(), f.nominalTime(), f.outcome().wireName());
    }

    private void startBufferedRuns() {
        try {
            int started = store.schedules().startBufferedRuns();
            if (started > 0) {
                onFired.run();
            }
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("node", node).log("starting held runs of buffer-one schedules failed; will retry", e);
        }
    }

    private long untilNextFire(Instant now) {
        long wait = refreshNanos;
        for (Tracked t : tracked.values()) {
            Optional<Instant> at = t.recordAt();
            if (at.isPresent()) {
                wait = Math.min(wait, Math.max(0, nanosBetween(now, at.get())));
            }
        }
        return wait;
    }
}

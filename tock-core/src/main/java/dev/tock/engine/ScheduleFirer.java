package dev.tock.engine;

import dev.tock.model.Schedule;
import dev.tock.model.ScheduleFire;
import dev.tock.schedule.CronSpec;
import dev.tock.store.FirePlan;
import dev.tock.store.JobStore;
import dev.tock.store.StoredSchedule;
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
 * and records them through the store, which enqueues each fire's job in the same transaction.
 *
 * <p>Every node runs one and none leads: the store records each (schedule, nominal time) once, so a
 * node that loses the race records nothing. A node that was stopped, stalled or cut off catches up
 * from the latest nominal time any node recorded.
 */
final class ScheduleFirer extends WakeableLoop {
    private static final Logger log = LoggerFactory.getLogger(ScheduleFirer.class);
    private static final int MAX_DUE_PER_PASS = 10_000;

    private final String node;
    private final JobStore store;
    private final Runnable onFired;
    private final long refreshNanos;
    private final Map<String, Tracked> tracked = new HashMap<>();
    private volatile boolean reloadRequested = true;
    private long lastReload;

    /** A schedule as this node follows it. */
    private static final class Tracked {
        final Schedule schedule;
        final CronSpec cron;
        Instant cursor;
        Optional<Instant> next;

        Tracked(Schedule schedule, Instant cursor) {
            this.schedule = schedule;
            this.cron = schedule.cron();
            this.cursor = cursor;
            this.next = nextAfter(cursor);
        }

        Optional<Instant> nextAfter(Instant after) {
            return cron.nextAfter(after, schedule.timeZone(), schedule.dstGap(), schedule.dstOverlap());
        }
    }

    ScheduleFirer(String node, JobStore store, Duration refreshInterval, Runnable onFired) {
        super("tock-scheduler");
        this.node = node;
        this.store = store;
        this.onFired = onFired;
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
        if (reloadRequested || readAt - lastReload > refreshNanos) {
            reloadSchedules();
            lastReload = readAt;
        }
        Instant now = store.now();
        fireDue(now);
        awaitWake(readAt + untilNextFire(now));
    }

    private void reloadSchedules() {
        reloadRequested = false;
        Map<String, Tracked> previous = new HashMap<>(tracked);
        tracked.clear();
        for (StoredSchedule stored : store.activeSchedules()) {
            Schedule s = stored.schedule();
            String key = s.namespace() + "/" + s.name();
            Tracked old = previous.get(key);
            if (old != null && old.schedule.equals(s) && !stored.cursor().isAfter(old.cursor)) {
                tracked.put(key, old); // unchanged and not overtaken by another node: keep its next time
            } else {
                tracked.put(key, new Tracked(s, stored.cursor()));
            }
        }
    }

    private void fireDue(Instant now) {
        boolean fired = false;
        for (Tracked t : tracked.values()) {
            if (t.next.isPresent() && !t.next.get().isAfter(now)) {
                try {
                    fired |= fire(t, now);
                } catch (RuntimeException e) {
                    // One schedule's failure must not hold up the others; its due times stay due.
                    log.atWarn().addKeyValue("schedule", t.schedule.name()).addKeyValue("node", node)
                            .log("firing schedule {} failed; will retry", t.schedule.name(), e);
                }
            }
        }
        if (fired) {
            onFired.run();
        }
    }

    private boolean fire(Tracked t, Instant now) {
        List<Instant> due = new ArrayList<>();
        Optional<Instant> next = t.next;
        while (next.isPresent() && !next.get().isAfter(now) && due.size() < MAX_DUE_PER_PASS) {
            due.add(next.get());
            next = t.nextAfter(next.get());
        }
        FirePlan plan = FirePlanner.plan(t.schedule, node, due, now);
        List<ScheduleFire> recorded = store.recordFires(plan);
        t.cursor = due.get(due.size() - 1);
        t.next = next;
        recorded.forEach(f -> log.atInfo().addKeyValue("schedule", f.schedule()).addKeyValue("node", node)
                .addKeyValue("job", f.job().map(Object::toString).orElse(""))
                .log("schedule {} nominal time {} {}", f.schedule(), f.nominalTime(), f.outcome().wireName()));
        return recorded.stream().anyMatch(f -> f.job().isPresent());
    }

    private long untilNextFire(Instant now) {
        long wait = refreshNanos;
        for (Tracked t : tracked.values()) {
            if (t.next.isPresent()) {
                wait = Math.min(wait, Math.max(0, Duration.between(now, t.next.get()).toNanos()));
            }
        }
        return wait;
    }
}

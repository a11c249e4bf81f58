package dev.tock.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named platform thread that runs {@link #runOnce()} until stopped. {@link #wake()} cuts the current
 * wait short. A failing round is logged and the loop goes on after a second, so that a database outage
 * pauses the work rather than ending it.
 */
abstract class WakeableLoop {
    private static final Logger log = LoggerFactory.getLogger(WakeableLoop.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    /**
     * Nanoseconds from {@code from} to {@code to}, saturated: a job due in the year 9999 (a held
     * {@code BUFFER_ONE} run, or a caller's far-off {@code runAt}) is further than a long can count.
     */
    static long nanosBetween(java.time.Instant from, java.time.Instant to) {
        Duration d = Duration.between(from, to);
        if (d.getSeconds() > Long.MAX_VALUE / 1_000_000_000L - 1) {
            return Long.MAX_VALUE;
        }
        if (d.getSeconds() < Long.MIN_VALUE / 1_000_000_000L + 1) {
            return Long.MIN_VALUE;
        }
        return d.toNanos();
    }

    private final String name;
    private final WakeupSignal wakeup = new WakeupSignal();
    private volatile boolean active;
    private Thread thread;

    WakeableLoop(String name) {
        this.name = name;
    }

    /** One round of work, ending with a wait through {@link #awaitWake}. */
    protected abstract void runOnce() throws InterruptedException;

    synchronized void start() {
        active = true;
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    /** Stops after the current round; waits for it up to ten seconds. */
    synchronized void stop() {
        active = false;
        wakeup.signal();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the current wait now, or the next one at once. */
    void wake() {
        wakeup.signal();
    }

    protected boolean isActive() {
        return active;
    }

    /** Waits until woken or until {@code deadlineNanos} on {@link System#nanoTime()}. */
    protected void awaitWake(long deadlineNanos) throws InterruptedException {
        wakeup.awaitUntil(deadlineNanos);
    }

    private void loop() {
        while (active) {
            try {
                runOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("{} failed; trying again in 1 s", name, e);
                try {
                    wakeup.awaitUntil(System.nanoTime() + RETRY_NANOS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}

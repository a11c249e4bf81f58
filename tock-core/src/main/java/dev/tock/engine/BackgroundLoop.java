package dev.tock.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task every {@code interval} on its own named thread. A failing run is logged and the loop
 * lives on, so that a database outage pauses maintenance rather than ending it.
 */
final class BackgroundLoop {
    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    private final String name;
    private final Duration interval;
    private final Runnable task;
    private final WakeupSignal stop = new WakeupSignal();
    private volatile boolean running;
    private Thread thread;

    BackgroundLoop(String name, Duration interval, Runnable task) {
        this.name = name;
        this.interval = interval;
        this.task = task;
    }

    synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    synchronized void stop() {
        running = false;
        stop.signal();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                stop.awaitUntil(System.nanoTime() + interval.toNanos());
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed; will try again in {} ms", name, interval.toMillis(), e);
            }
        }
    }
}

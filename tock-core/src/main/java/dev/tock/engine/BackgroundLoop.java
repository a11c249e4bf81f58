package dev.tock.engine;

import java.time.Duration;

/** Runs a task every {@code interval} on its own named thread. */
final class BackgroundLoop extends WakeableLoop {
    private final Duration interval;
    private final Runnable task;

    BackgroundLoop(String name, Duration interval, Runnable task) {
        super(name);
        this.interval = interval;
        this.task = task;
    }

    @Override
    protected void runOnce() throws InterruptedException {
        awaitWake(System.nanoTime() + interval.toNanos());
        if (isActive()) {
            task.run();
        }
    }
}

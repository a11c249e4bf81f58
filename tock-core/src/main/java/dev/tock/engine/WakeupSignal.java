package dev.tock.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Wakes a waiting loop early; a signal given while nobody waits is kept for the next wait. */
final class WakeupSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition raised = lock.newCondition();
    private boolean pending;

    void signal() {
        lock.lock();
        try {
            pending = true;
            raised.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until signalled or until {@code deadlineNanos} on {@link System#nanoTime()}; returns whether signalled. */
    boolean awaitUntil(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!pending) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                raised.awaitNanos(remaining);
            }
            pending = false;
            return true;
        } finally {
            lock.unlock();
        }
    }
}

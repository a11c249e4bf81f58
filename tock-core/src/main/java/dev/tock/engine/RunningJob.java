package dev.tock.engine;

import dev.tock.model.LeasedJob;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One job leased to this node, from lease until its attempt is stored. Its phase is a small state
 * machine so that a job finishing and a job being taken away (cancel, lost lease, shutdown) can race
 * safely: exactly one of them wins.
 */
final class RunningJob {
    enum Phase { WAITING, RUNNING, FINISHED, REVOKED }

    /** Why a job was taken away from its handler. */
    enum Revocation { CANCELLED, LEASE_LOST, SHUTDOWN }

    private final LeasedJob leased;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WAITING);
    private volatile Thread thread;
    private volatile Revocation revocation;
    private volatile boolean timedOut;
    private volatile boolean deadlineExceeded;
    private volatile long startedNanos;
    private volatile boolean storing;

    RunningJob(LeasedJob leased) {
        this.leased = leased;
    }

    LeasedJob leased() {
        return leased;
    }

    Phase phase() {
        return phase.get();
    }

    /** Moves waiting → running on the handler's thread; false when the job was revoked first. */
    boolean start(Thread handlerThread) {
        thread = handlerThread;
        startedNanos = System.nanoTime();
        return phase.compareAndSet(Phase.WAITING, Phase.RUNNING);
    }

    /** When its handler started ({@link System#nanoTime}); meaningful once {@link #start} succeeded. */
    long startedNanos() {
        return startedNanos;
    }

    /** Moves running → finished; false when the job was revoked while its handler ran. */
    boolean finish() {
        return phase.compareAndSet(Phase.RUNNING, Phase.FINISHED);
    }

    /**
     * Marks its finished attempt as being written (or no longer, when the write failed and waits to be tried again).
     * While it is, its heartbeat is left out: the write holds the job's row until it commits, and a heartbeat touching
     * that row would wait for it, and with it the leases of every other job of this node.
     */
    void storing(boolean beingWritten) {
        storing = beingWritten;
    }

    boolean storing() {
        return storing;
    }

    /** Takes the job away from its handler, interrupting it; false when it had already finished. */
    boolean revoke(Revocation why) {
        Phase before = phase.getAndUpdate(p -> p == Phase.WAITING || p == Phase.RUNNING ? Phase.REVOKED : p);
        if (before != Phase.WAITING && before != Phase.RUNNING) {
            return false;
        }
        revocation = why;
        Thread t = thread;
        if (before == Phase.RUNNING && t != null) {
            t.interrupt();
        }
        return true;
    }

    Revocation revocation() {
        return revocation;
    }

    /** Called by the timeout watchdog: marks the attempt timed out and interrupts the handler. */
    void timeOut() {
        if (phase.get() == Phase.RUNNING) {
            timedOut = true;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Why its handler was interrupted, as handlers see it; empty while it was not. */
    java.util.Optional<dev.tock.handler.StopReason> stopReason() {
        if (timedOut) {
            return java.util.Optional.of(dev.tock.handler.StopReason.TIMED_OUT);
        }
        if (deadlineExceeded) {
            return java.util.Optional.of(dev.tock.handler.StopReason.DEADLINE_EXCEEDED);
        }
        Revocation why = revocation;
        if (why == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(switch (why) {
            case CANCELLED -> dev.tock.handler.StopReason.CANCELLED;
            case LEASE_LOST -> dev.tock.handler.StopReason.LEASE_LOST;
            case SHUTDOWN -> dev.tock.handler.StopReason.SHUTDOWN;
        });
    }

    /** Called when the job's run deadline passes: marks the run out of time and interrupts the handler. */
    void exceedDeadline() {
        if (phase.get() == Phase.RUNNING) {
            deadlineExceeded = true;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    boolean deadlineExceeded() {
        return deadlineExceeded;
    }
}

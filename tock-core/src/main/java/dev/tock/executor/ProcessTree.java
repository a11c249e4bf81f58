package dev.tock.executor;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A started process and every descendant seen while it ran. Java cannot make a process group, so the
 * tree is followed through {@link ProcessHandle#descendants()}: sampled while the process runs (a child
 * whose parent exits is re-parented and no longer a descendant) and once more before stopping it.
 * Process handles carry their start time, so a recorded pid reused by another process is never signalled.
 */
final class ProcessTree {
    private final Process root;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();

    ProcessTree(Process root) {
        this.root = root;
    }

    /** Records the current descendants. */
    synchronized void sample() {
        if (root.isAlive()) {
            root.descendants().forEach(seen::add);
        }
    }

    /**
     * Stops the whole tree: SIGTERM to every process still alive, then after {@code grace} SIGKILL to those
     * that did not exit. Returns once all are gone, or a few seconds after SIGKILL.
     */
    void stop(Duration grace) {
        List<ProcessHandle> all = alive();
        all.forEach(ProcessHandle::destroy);
        if (!awaitExit(all, grace)) {
            alive().forEach(ProcessHandle::destroyForcibly);
            awaitExit(alive(), Duration.ofSeconds(5));
        }
    }

    /** Stops descendants left running after the root exited; they may hold its output open. */
    void stopLeftovers(Duration grace) {
        if (!alive().isEmpty()) {
            stop(grace);
        }
    }

    private synchronized List<ProcessHandle> alive() {
        sample();
        Set<ProcessHandle> all = new LinkedHashSet<>();
        all.add(root.toHandle());
        all.addAll(seen);
        return all.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                // cannot happen: onExit completes normally
            }
        }
        return true;
    }
}

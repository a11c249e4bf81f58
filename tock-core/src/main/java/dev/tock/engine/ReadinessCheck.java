package dev.tock.engine;

import dev.tock.Durations;
import dev.tock.model.Readiness;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * This node's readiness, answered within {@link #ANSWER_WITHIN} however slow the store is: a readiness
 * probe that times out (Kubernetes' at 1-3 s) learns nothing, while a store that cannot answer in time
 * is as good as down. One check runs at a time, on a thread of its own, and its answer is reused for
 * {@link #REUSE_FOR}, so that frequent probes make one query; callers wait for a check in flight and,
 * when it does not answer in time, are told the node is not ready, and why.
 */
final class ReadinessCheck {
    static final Duration ANSWER_WITHIN = Duration.ofMillis(800);
    static final Duration REUSE_FOR = Duration.ofSeconds(1);

    private final Supplier<Readiness> check;
    private Answer last;
    private CompletableFuture<Readiness> inFlight;

    private record Answer(Readiness readiness, long atNanos) {
        boolean fresh() {
            return System.nanoTime() - atNanos < REUSE_FOR.toNanos();
        }
    }

    /** {@code check} answers readiness, slowly perhaps. */
    ReadinessCheck(Supplier<Readiness> check) {
        this.check = check;
    }

    Readiness current() {
        CompletableFuture<Readiness> running;
        synchronized (this) {
            if (last != null && last.fresh()) {
                return last.readiness();
            }
            if (inFlight == null) {
                inFlight = start();
            }
            running = inFlight;
        }
        try {
            return running.get(ANSWER_WITHIN.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return late(running);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Readiness.notReady("interrupted while checking the store");
        } catch (ExecutionException e) {
            return Readiness.notReady("the readiness check failed: " + e.getCause());
        }
    }

    private CompletableFuture<Readiness> start() {
        CompletableFuture<Readiness> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("tock-readiness").start(() -> {
            Readiness readiness = Readiness.notReady("the readiness check failed");
            try {
                readiness = check.get();
            } finally {
                synchronized (this) {
                    last = new Answer(readiness, System.nanoTime());
                    inFlight = null;
                }
                answer.complete(readiness);
            }
        });
        return answer;
    }

    /** Not ready, remembered while the check is still running so that the next probes answer at once. */
    private Readiness late(CompletableFuture<Readiness> running) {
        Readiness late = Readiness.notReady("the store did not answer within " + Durations.format(ANSWER_WITHIN));
        synchronized (this) {
            if (inFlight == running) {
                last = new Answer(late, System.nanoTime());
            }
        }
        return late;
    }
}

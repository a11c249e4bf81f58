package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.Readiness;
import dev.tock.testing.Eventually;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {
    /** A behaviour bound, not a speed figure: a probe gives up after 1-3 s. */
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(2);

    @Test
    void aStoreThatHangsIsNotReadyWithinTheProbesTimeAndSaysWhy() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        ReadinessCheck readiness = new ReadinessCheck(() -> {
            checks.incrementAndGet();
            await(release);
            return Readiness.ok();
        });

        long started = System.nanoTime();
        Readiness first = readiness.current();
        Readiness second = readiness.current();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(first.ready()).isFalse();
        assertThat(first.reason()).hasValue("the store did not answer within 800ms");
        assertThat(second).isEqualTo(first);
        assertThat(took).as("two answers while the store hangs").isLessThan(PROBE_LIMIT);
        assertThat(checks).as("checks started: one at a time").hasValue(1);

        release.countDown();
        Eventually.await(Duration.ofSeconds(5), "ready once the store answers", () -> readiness.current().ready());
    }

    @Test
    void anAnswerIsReusedForASecondThenCheckedAgain() {
        AtomicInteger checks = new AtomicInteger();
        ReadinessCheck readiness = new ReadinessCheck(() -> checks.incrementAndGet() == 1
                ? Readiness.ok() : Readiness.notReady("the schema is old"));

        assertThat(readiness.current().ready()).isTrue();
        assertThat(readiness.current().ready()).isTrue();
        assertThat(checks).as("checks for two answers in a row").hasValue(1);
        Readiness later = Eventually.await(Duration.ofSeconds(5), "a new check after the answer aged",
                readiness::current, r -> !r.ready());
        assertThat(later.reason()).hasValue("the schema is old");
        assertThat(checks).hasValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.tock.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JitterTest {
    private static final Instant NOMINAL = Instant.parse("2026-06-01T09:00:00Z");
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void sameInputsGiveTheSameDelay() {
        Duration a = Jitter.forFire("billing/nightly", NOMINAL, MAX);
        Duration b = Jitter.forFire("billing/nightly", NOMINAL, MAX);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void delaysStayWithinZeroInclusiveAndMaxExclusive() {
        for (int i = 0; i < 10_000; i++) {
            Duration d = Jitter.forFire("key-" + i, NOMINAL.plusSeconds(i), MAX);
            assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(MAX);
        }
        Duration tiny = Duration.ofNanos(1);
        assertThat(Jitter.forFire("k", NOMINAL, tiny)).isEqualTo(Duration.ZERO);
    }

    @Test
    void delaysVaryAcrossNominalTimesAndKeysAndSpreadOverTheRange() {
        Set<Duration> perFire = new HashSet<>();
        int[] buckets = new int[10];
        for (int i = 0; i < 1000; i++) {
            Duration d = Jitter.forFire("reports/hourly", NOMINAL.plus(Duration.ofHours(i)), MAX);
            perFire.add(d);
            buckets[(int) (d.toNanos() * 10 / MAX.toNanos())]++;
        }
        assertThat(perFire).hasSizeGreaterThan(990);
        // Uniform-ish: each tenth of the range gets 100 ± 50 of 1000 draws.
        for (int count : buckets) {
            assertThat(count).isBetween(50, 150);
        }
        assertThat(Jitter.forFire("a", NOMINAL, MAX)).isNotEqualTo(Jitter.forFire("b", NOMINAL, MAX));
    }

    @Test
    void zeroMaxMeansNoDelayAndNegativeIsRefused() {
        assertThat(Jitter.forFire("k", NOMINAL, Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Jitter.forFire("k", NOMINAL, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

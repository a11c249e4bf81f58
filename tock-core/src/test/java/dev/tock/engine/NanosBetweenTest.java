package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NanosBetweenTest {
    private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void measuresOrdinaryWaits() {
        assertThat(WakeableLoop.nanosBetween(NOW, NOW.plusMillis(250))).isEqualTo(250_000_000L);
        assertThat(WakeableLoop.nanosBetween(NOW, NOW.minusMillis(3))).isEqualTo(-3_000_000L);
    }

    @Test
    void saturatesForJobsDueCenturiesAhead() {
        // A held BUFFER_ONE run is due 9999-12-31: more nanoseconds than a long holds.
        assertThat(WakeableLoop.nanosBetween(NOW, Instant.parse("9999-12-31T00:00:00Z"))).isEqualTo(Long.MAX_VALUE);
        assertThat(WakeableLoop.nanosBetween(Instant.parse("9999-12-31T00:00:00Z"), NOW)).isEqualTo(Long.MIN_VALUE);
    }
}

package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void parsesCountsPerSecondMinuteAndHour() {
        Rate perSecond = Rate.parse("rate", "100/s", "burst", 20);
        assertThat(perSecond.intervalMicros()).isEqualTo(10_000);
        assertThat(perSecond.toleranceMicros()).isEqualTo(190_000);
        assertThat(perSecond.text()).isEqualTo("100/s");
        assertThat(Rate.parse("rate", "10/m", "burst", 1).intervalMicros()).isEqualTo(6_000_000);
        assertThat(Rate.parse("rate", " 5 / h ", "burst", 1).per()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesZeroNegativeOrMalformedRatesAndBurstsBelowOne() {
        for (String bad : new String[] {"0/s", "-1/s", "fast", "10", "10/d", "1.5/s"}) {
            assertThatThrownBy(() -> Rate.parse("rateLimit.rate", bad, "rateLimit.burst", 1)).as(bad)
                    .extracting(e -> ((InvalidJobException) e).field()).isEqualTo("rateLimit.rate");
        }
        assertThatThrownBy(() -> Rate.parse("rateLimit.rate", "10/s", "rateLimit.burst", 0))
                .extracting(e -> ((InvalidJobException) e).field()).isEqualTo("rateLimit.burst");
    }

    @Test
    void theNextSlotComesWhenTheArrivalTimeIsWithinTheBurst() {
        Rate rate = Rate.parse("rate", "10/s", "burst", 5);
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        assertThat(rate.nextSlot(Optional.empty(), now)).isEqualTo(now);
        assertThat(rate.nextSlot(Optional.of(now.plusMillis(300)), now)).isEqualTo(now);
        assertThat(rate.nextSlot(Optional.of(now.plusMillis(900)), now)).isEqualTo(now.plusMillis(500));
    }
}

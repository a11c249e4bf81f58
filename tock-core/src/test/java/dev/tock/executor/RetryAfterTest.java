package dev.tock.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void readsSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }

    @Test
    void aByteTailKeepsTheEndOfAnyLengthInFixedMemory() {
        ByteTail tail = new ByteTail(8);
        byte[] bytes = "0123456789abcdefghij".getBytes();
        tail.write(bytes, 0, 5);
        assertThat(tail.text(100)).isEqualTo("01234");
        tail.write(bytes, 5, 15);
        assertThat(tail.total()).isEqualTo(20);
        assertThat(tail.text(100)).isEqualTo("…cdefghij");
        assertThat(tail.text(3)).isEqualTo("…hij");
        tail.write(bytes, 0, 20);
        assertThat(tail.text(100)).isEqualTo("…cdefghij");
    }
}

package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Duration ONE_S = Duration.ofSeconds(1);
    private static final Duration FIVE_M = Duration.ofMinutes(5);

    private static void assertInvalid(String field, Runnable construct) {
        assertThatThrownBy(construct::run)
                .isInstanceOf(InvalidJobException.class)
                .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo(field));
    }

    @Test
    void maxAttemptsMustBeBetweenOneAndLimit() {
        assertInvalid("retry.maxAttempts", () -> new RetryPolicy(0, ONE_S, FIVE_M, 2.0, 0.2));
        assertInvalid("retry.maxAttempts", () -> new RetryPolicy(1001, ONE_S, FIVE_M, 2.0, 0.2));
        assertThat(new RetryPolicy(1, ONE_S, FIVE_M, 2.0, 0.2).maxAttempts()).isEqualTo(1);
        assertThat(new RetryPolicy(1000, ONE_S, FIVE_M, 2.0, 0.2).maxAttempts()).isEqualTo(1000);
    }

    @Test
    void backoffsMustBeNonNegativeAndOrdered() {
        assertInvalid("retry.initialBackoff", () -> new RetryPolicy(3, Duration.ofMillis(-1), FIVE_M, 2.0, 0.2));
        assertInvalid("retry.initialBackoff", () -> new RetryPolicy(3, null, FIVE_M, 2.0, 0.2));
        assertInvalid("retry.maxBackoff", () -> new RetryPolicy(3, ONE_S, Duration.ofSeconds(-5), 2.0, 0.2));
        assertInvalid("retry.maxBackoff", () -> new RetryPolicy(3, ONE_S, null, 2.0, 0.2));
        assertInvalid("retry.maxBackoff", () -> new RetryPolicy(3, Duration.ofSeconds(10), ONE_S, 2.0, 0.2));
        assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 1.0, 0.0).maxBackoff()).isZero();
    }

    @Test
    void multiplierMustBeBetweenOneAndHundred() {
        assertInvalid("retry.multiplier", () -> new RetryPolicy(3, ONE_S, FIVE_M, 0.99, 0.2));
        assertInvalid("retry.multiplier", () -> new RetryPolicy(3, ONE_S, FIVE_M, 100.01, 0.2));
        assertInvalid("retry.multiplier", () -> new RetryPolicy(3, ONE_S, FIVE_M, Double.NaN, 0.2));
        assertThat(new RetryPolicy(3, ONE_S, FIVE_M, 100.0, 0.2).multiplier()).isEqualTo(100.0);
    }

    @Test
    void jitterMustBeAFraction() {
        assertInvalid("retry.jitter", () -> new RetryPolicy(3, ONE_S, FIVE_M, 2.0, -0.01));
        assertInvalid("retry.jitter", () -> new RetryPolicy(3, ONE_S, FIVE_M, 2.0, 1.01));
        assertInvalid("retry.jitter", () -> new RetryPolicy(3, ONE_S, FIVE_M, 2.0, Double.NaN));
        assertThat(new RetryPolicy(3, ONE_S, FIVE_M, 2.0, 1.0).jitter()).isEqualTo(1.0);
    }

    @Test
    void withersValidateToo() {
        assertInvalid("retry.maxAttempts", () -> RetryPolicy.maxAttempts(0));
        assertInvalid("retry.jitter", () -> RetryPolicy.DEFAULT.withJitter(2));
        assertInvalid("retry.maxBackoff", () -> RetryPolicy.DEFAULT.withBackoff(FIVE_M, ONE_S));
        assertThat(RetryPolicy.maxAttempts(7)).isEqualTo(new RetryPolicy(7, ONE_S, FIVE_M, 2.0, 0.2));
    }

    @Test
    void backoffGrowsExponentiallyWithoutJitter() {
        RetryPolicy p = RetryPolicy.DEFAULT.withJitter(0);
        assertThat(p.backoffAfter(0, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.backoffAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.backoffAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoffAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.backoffAfter(8, 0.5)).isEqualTo(Duration.ofSeconds(128));
    }

    @Test
    void backoffIsCappedAtMaxBackoff() {
        RetryPolicy p = RetryPolicy.DEFAULT.withJitter(0);
        assertThat(p.backoffAfter(9, 0)).isEqualTo(Duration.ofSeconds(256));
        assertThat(p.backoffAfter(10, 0)).isEqualTo(FIVE_M);
        RetryPolicy steep = new RetryPolicy(1000, ONE_S, Duration.ofHours(1), 100.0, 0.0);
        assertThat(steep.backoffAfter(1000, 0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterOnlyShortensTheDelay() {
        RetryPolicy p = RetryPolicy.DEFAULT; // jitter 0.2
        assertThat(p.backoffAfter(3, 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.backoffAfter(3, 0.5)).isEqualTo(Duration.ofMillis(3600));
        assertThat(p.backoffAfter(3, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(3200));
        assertThat(p.backoffAfter(20, Math.nextDown(1.0))).isEqualTo(Duration.ofMinutes(4)); // cap, then jitter
    }

    @Test
    void allowsAnotherAttemptUntilMaxAttemptsMade() {
        RetryPolicy p = RetryPolicy.maxAttempts(3);
        assertThat(p.allowsAnotherAttempt(0)).isTrue();
        assertThat(p.allowsAnotherAttempt(2)).isTrue();
        assertThat(p.allowsAnotherAttempt(3)).isFalse();
        assertThat(p.allowsAnotherAttempt(4)).isFalse();
        assertThat(RetryPolicy.NONE.allowsAnotherAttempt(1)).isFalse();
    }
}

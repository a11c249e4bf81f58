package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.http.security.RateLimiter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each token has its own bucket: a burst, then the rate; beyond it 429 with Retry-After. */
class RateLimitTest {

    @Test
    void aBucketAllowsItsBurstThenRefillsAtTheRate() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(2, 3, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a")).isEmpty();
        }
        assertThat(limiter.acquire("a")).hasValue(1);
        assertThat(limiter.acquire("b")).as("another token has its own bucket").isEmpty();
        nanos.addAndGet(500_000_000L);
        assertThat(limiter.acquire("a")).as("half a second at 2/s refills one").isEmpty();
        assertThat(limiter.acquire("a")).isPresent();
        assertThat(new RateLimiter(0, 1, nanos::get).acquire("a")).as("0: no limit").isEmpty();
    }

    @Test
    void overTheLimitTheServerAnswers429WithRetryAfter() {
        try (ServerFixture f = ServerFixture.h2(ServerFixture.secured().set("rate-limit", "1").set("rate-limit-burst", "3"), b -> { }, b -> { })) {
            Http admin = f.http.as(f.server.bootstrapToken().orElseThrow());
            int limited = 0;
            Http.Reply last = null;
            for (int i = 0; i < 10; i++) {
                last = admin.get(ApiTest.NS + "/jobs");
                if (last.status() == 429) {
                    limited++;
                    assertThat(last.header("Retry-After")).isNotNull();
                    assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
                    last.expectProblem(429, null);
                }
            }
            assertThat(limited).isGreaterThanOrEqualTo(6);
            f.http.get("/health").expect(200);
        }
    }
}

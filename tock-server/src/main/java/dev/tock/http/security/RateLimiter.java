package dev.tock.http.security;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a token id): {@code burst} requests at once, refilled at {@code perSecond}.
 * Buckets live in this node's memory, so the limit is per node.
 */
public final class RateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int MAX_BUCKETS = 100_000;
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perSecond average requests per second; 0 for no limit
     * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests
     */
    public RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from {@code key}'s bucket; empty when allowed, else the whole seconds to wait. */
    public OptionalLong acquire(String key) {
        if (perSecond <= 0) {
            return OptionalLong.empty();
        }
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long refilled;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilled = now;
        }

        synchronized OptionalLong take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilled) * perSecond / NANOS_PER_SECOND);
            refilled = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            double seconds = (1 - tokens) / perSecond;
            return OptionalLong.of(Math.max(1, (long) Math.ceil(seconds)));
        }
    }
}

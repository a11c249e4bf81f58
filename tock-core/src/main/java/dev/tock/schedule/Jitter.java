package dev.tock.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Spreads the fires of many schedules with the same nominal time (everyone's {@code @hourly})
 * so they do not all hit the store at once.
 */
public final class Jitter {
    private Jitter() {
    }

    /**
     * A delay in {@code [0, max)} to add to the fire of {@code scheduleKey} at {@code nominal}.
     *
     * <p>Deterministic: derived from a hash of the key and the nominal time, not from a random
     * source, so every node, and the same node after a restart, computes the same delay and a
     * fire is never jittered twice to different times. It differs from one fire to the next, so
     * no schedule is always the late one.
     *
     * @return {@link Duration#ZERO} when {@code max} is zero
     * @throws IllegalArgumentException when {@code max} is negative
     */
    public static Duration forFire(String scheduleKey, Instant nominal, Duration max) {
        if (max.isNegative()) {
            throw new IllegalArgumentException("jitter must not be negative: " + max);
        }
        long maxNanos = max.toNanos();
        if (maxNanos == 0) {
            return Duration.ZERO;
        }
        long h = 0xcbf29ce484222325L; // FNV-1a over the key: stable across JVMs, unlike String.hashCode's spread
        for (byte b : scheduleKey.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = mix(h ^ mix(nominal.getEpochSecond() * 1_000_000_007L + nominal.getNano()));
        // The high word of h * maxNanos is h/2^64 scaled into [0, maxNanos): uniform without modulo bias.
        return Duration.ofNanos(Math.unsignedMultiplyHigh(h, maxNanos));
    }

    /** A 64-bit finaliser (SplitMix64's): every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

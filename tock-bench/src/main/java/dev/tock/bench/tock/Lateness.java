package dev.tock.bench.tock;

import java.util.Arrays;

/** Start lateness percentiles, in milliseconds. */
public record Lateness(double p50, double p99, double max) {

    /** Percentiles of {@code millis}, which must not be empty. */
    public static Lateness of(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Lateness(percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}

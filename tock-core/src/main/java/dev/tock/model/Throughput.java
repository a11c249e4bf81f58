package dev.tock.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a namespace's jobs did over a window, bucket by bucket.
 *
 * @param from the start of the first bucket
 * @param bucket the length of every bucket
 * @param buckets oldest first, every bucket present (zero when nothing happened)
 */
public record Throughput(Instant from, Duration bucket, List<ThroughputBucket> buckets) {
    public Throughput {
        buckets = List.copyOf(buckets);
    }
}

package dev.tock.http.dto;

import dev.tock.model.ThroughputBucket;
import java.util.List;

/**
 * What a namespace's jobs did over a recent window, bucket by bucket, oldest first.
 *
 * @param from the start of the first bucket
 * @param bucket the length of each bucket, e.g. {@code 1m}
 */
public record ThroughputView(String from, String bucket, List<Bucket> buckets) {

    /**
     * One bucket.
     *
     * @param succeeded jobs that succeeded in it
     * @param dead jobs that failed their last attempt in it
     * @param cancelled jobs cancelled in it
     * @param failedAttempts attempts that failed, timed out or lost their lease in it (retried ones too)
     */
    public record Bucket(String start, long succeeded, long dead, long cancelled, long failedAttempts) {

        public static Bucket of(ThroughputBucket b) {
            return new Bucket(Fields.format(b.start()), b.succeeded(), b.dead(), b.cancelled(), b.failedAttempts());
        }
    }
}

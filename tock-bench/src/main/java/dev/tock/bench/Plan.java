package dev.tock.bench;

import java.time.Duration;
import java.util.List;

/** The sizes of one benchmark session: the full comparison of issue 6, or a quick smoke run. */
record Plan(
        int enqueueJobs,
        int producers,
        int bulkJobs,
        int bulkBatch,
        List<Integer> executionJobs,
        List<Integer> threads,
        int delayedJobs,
        Duration delayAhead,
        int lateThreads,
        int cronSchedules,
        Duration cronDuration,
        int cronThreads,
        Duration ceilingDuration,
        int poolSize,
        Duration executionLimit) {

    /** Same pool for every system: Tock's default {@code db-pool-size}. */
    static final int POOL_SIZE = 16;

    static Plan full() {
        return new Plan(10_000, 8, 20_000, 1_000, List.of(20_000, 200_000), List.of(8, 32), 200, Duration.ofSeconds(3), 8,
                1_000, Duration.ofSeconds(30), 32, Duration.ofSeconds(10), POOL_SIZE, Duration.ofMinutes(10));
    }

    static Plan quick() {
        return new Plan(200, 8, 1_000, 100, List.of(300), List.of(8, 32), 20, Duration.ofMillis(500), 8,
                10, Duration.ofSeconds(2), 32, Duration.ofSeconds(1), POOL_SIZE, Duration.ofMinutes(2));
    }

    Plan withExecutionJobs(List<Integer> sizes) {
        return new Plan(enqueueJobs, producers, bulkJobs, bulkBatch, sizes, threads, delayedJobs, delayAhead, lateThreads, cronSchedules,
                cronDuration, cronThreads, ceilingDuration, poolSize, executionLimit);
    }

    Plan withExecutionLimit(Duration limit) {
        return new Plan(enqueueJobs, producers, bulkJobs, bulkBatch, executionJobs, threads, delayedJobs, delayAhead, lateThreads, cronSchedules,
                cronDuration, cronThreads, ceilingDuration, poolSize, limit);
    }
}

package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedSharesTest {
    private static final List<String> QUEUES = List.of("a", "b", "c");
    private static final Map<String, Integer> WEIGHTS = Map.of("a", 3, "b", 1, "c", 1);

    /** At every limit, small ones included, each queue's mean part is its weighted share, and no draw strays by a job. */
    @Test
    void eachQueuesMeanPartIsItsWeightedShareAtEveryLimit() {
        SplittableRandom random = new SplittableRandom(7);
        int draws = 20_000;
        for (int limit = 1; limit <= 12; limit++) {
            Map<String, Long> sums = new java.util.HashMap<>();
            for (int d = 0; d < draws; d++) {
                Map<String, Integer> shares = WeightedShares.of(QUEUES, WEIGHTS::get, limit, random);
                assertThat(shares.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(limit);
                for (String q : QUEUES) {
                    double exact = (double) limit * WEIGHTS.get(q) / 5;
                    assertThat(shares.get(q)).as("limit %d, queue %s", limit, q).isBetween((int) Math.floor(exact), (int) Math.ceil(exact));
                    sums.merge(q, (long) shares.get(q), Long::sum);
                }
            }
            for (String q : QUEUES) {
                double mean = (double) sums.get(q) / draws;
                assertThat(mean).as("limit %d, queue %s", limit, q).isCloseTo((double) limit * WEIGHTS.get(q) / 5, org.assertj.core.data.Offset.offset(0.02 * limit));
            }
        }
    }

    @Test
    void aWholeShareNeedsNoChance() {
        assertThat(WeightedShares.of(QUEUES, WEIGHTS::get, 10, new SplittableRandom(1))).containsExactly(
                Map.entry("a", 6), Map.entry("b", 2), Map.entry("c", 2));
    }
}

package dev.tock.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Splits a lease's limit among queues by weight, in whole jobs, so that each queue's expected part is exactly its
 * weighted share at any limit: each gets the whole part of its share, and the slots left over go by systematic
 * sampling of the fractions (one random offset, then a slot every whole unit), so a queue gets one more with the
 * probability of its fraction. Giving the leftover slots to the queues first in a weighted order instead favoured the
 * heavy queue at small limits (at a limit of 4, weights 3:1:1 gave the first queue about 72% rather than 60%).
 */
final class WeightedShares {
    private WeightedShares() {
    }

    /** The parts of {@code limit} by queue, in {@code queues}' order; they sum to {@code limit}. */
    static Map<String, Integer> of(List<String> queues, ToIntFunction<String> weight, int limit, RandomGenerator random) {
        long total = 0;
        for (String q : queues) {
            total += weight.applyAsInt(q);
        }
        // In units of 1/total of a job: a share is limit * weight; a leftover slot is every total units from the offset.
        long offset = random.nextLong(total);
        long before = 0;
        Map<String, Integer> shares = new LinkedHashMap<>();
        for (String q : queues) {
            long exact = (long) limit * weight.applyAsInt(q);
            long fraction = exact % total;
            long extra = Math.ceilDiv(before + fraction - offset, total) - Math.ceilDiv(before - offset, total);
            shares.put(q, (int) (exact / total + extra));
            before += fraction;
        }
        return shares;
    }
}

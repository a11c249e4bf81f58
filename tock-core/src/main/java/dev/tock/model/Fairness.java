package dev.tock.model;

import java.util.Map;

/**
 * Weighted round-robin across a queue's concurrency keys: while several keys have due jobs, each lease
 * takes from the key that has received least for its weight, so a key with many jobs cannot starve one
 * with few. Priority still orders the jobs within one key.
 *
 * @param weights per-key weights (default 1 for any key not named)
 */
public record Fairness(Map<String, Integer> weights) {
    public static final int MAX_WEIGHT = 1000;

    public Fairness {
        weights = weights == null ? Map.of() : Map.copyOf(weights);
        weights.forEach((key, weight) -> {
            if (weight == null || weight < 1 || weight > MAX_WEIGHT) {
                throw new InvalidJobException("fairness.weights." + key, "must be between 1 and " + MAX_WEIGHT + ", was " + weight);
            }
        });
    }

    public int weightOf(String key) {
        return weights.getOrDefault(key, 1);
    }
}

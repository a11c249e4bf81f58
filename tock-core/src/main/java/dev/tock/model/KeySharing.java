package dev.tock.model;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a queue shares its capacity among the concurrency keys of its jobs. All of it is enforced inside
 * the lease transaction under the queue's row lock, so it holds exactly across any number of nodes.
 *
 * @param perKeyMaxRunning how many jobs of any one key may run at once; empty for no limit
 * @param perKeyLimits named keys with their own limit instead of {@code perKeyMaxRunning}
 * @param rateLimit how fast the queue as a whole may start jobs; empty for no limit
 * @param perKeyRate how fast each key may start jobs; empty for no limit
 * @param fairness weighted round-robin across keys; empty to lease in priority order across keys
 */
public record KeySharing(OptionalInt perKeyMaxRunning, Map<String, Integer> perKeyLimits, Optional<Rate> rateLimit,
                         Optional<Rate> perKeyRate, Optional<Fairness> fairness) {
    public static final KeySharing NONE = new KeySharing(OptionalInt.empty(), Map.of(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public KeySharing {
        perKeyMaxRunning = perKeyMaxRunning == null ? OptionalInt.empty() : perKeyMaxRunning;
        perKeyLimits = perKeyLimits == null ? Map.of() : Map.copyOf(perKeyLimits);
        rateLimit = rateLimit == null ? Optional.empty() : rateLimit;
        perKeyRate = perKeyRate == null ? Optional.empty() : perKeyRate;
        fairness = fairness == null ? Optional.empty() : fairness;
        if (perKeyMaxRunning.isPresent()) {
            checkLimit("perKeyMaxRunning", perKeyMaxRunning.getAsInt());
        }
        perKeyLimits.forEach((key, limit) -> checkLimit("perKeyLimits." + key, limit == null ? 0 : limit));
    }

    private static void checkLimit(String field, int limit) {
        if (limit < 1 || limit > Queue.MAX_RUNNING_LIMIT) {
            throw new InvalidJobException(field, "must be between 1 and " + Queue.MAX_RUNNING_LIMIT + ", was " + limit);
        }
    }

    /** Whether the queue shares nothing by key, so leasing need not look at keys at all. */
    public boolean isNone() {
        return perKeyMaxRunning.isEmpty() && perKeyLimits.isEmpty() && rateLimit.isEmpty() && perKeyRate.isEmpty()
                && fairness.isEmpty();
    }

    /** The running limit of one key, or empty for none. */
    public OptionalInt limitOf(String key) {
        Integer named = perKeyLimits.get(key);
        return named != null ? OptionalInt.of(named) : perKeyMaxRunning;
    }

    /** Whether any key has a running limit. */
    public boolean limitsKeys() {
        return perKeyMaxRunning.isPresent() || !perKeyLimits.isEmpty();
    }
}

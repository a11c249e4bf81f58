package dev.tock.model;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An external worker's request for up to {@code limit} due jobs from several queues of one namespace at
 * once. The limit is shared among the queues by weight; what one queue cannot fill, the others may.
 *
 * @param queues the queues, at least one, each once
 * @param weights per-queue weights (default 1 for a queue not named)
 */
public record MultiQueueLeaseRequest(String namespace, List<String> queues, Map<String, Integer> weights, String worker,
                                     Optional<Set<String>> types, int limit, Duration leaseDuration) {
    public static final int MAX_QUEUES = 50;
    public static final int MAX_WEIGHT = 1000;

    public MultiQueueLeaseRequest {
        Names.requireResourceName("namespace", namespace);
        if (queues == null || queues.isEmpty() || queues.size() > MAX_QUEUES) {
            throw new InvalidJobException("queues", "must name 1-" + MAX_QUEUES + " queues");
        }
        queues = List.copyOf(queues);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < queues.size(); i++) {
            Names.requireResourceName("queues[" + i + "]", queues.get(i));
            if (!seen.add(queues.get(i))) {
                throw new InvalidJobException("queues[" + i + "]", "queue " + queues.get(i) + " is named twice");
            }
        }
        weights = weights == null ? Map.of() : Map.copyOf(weights);
        weights.forEach((queue, weight) -> {
            if (!seen.contains(queue)) {
                throw new InvalidJobException("weights." + queue, "names a queue not in queues");
            }
            if (weight == null || weight < 1 || weight > MAX_WEIGHT) {
                throw new InvalidJobException("weights." + queue, "must be between 1 and " + MAX_WEIGHT + ", was " + weight);
            }
        });
        types = types == null ? Optional.empty() : types.map(Set::copyOf);
    }

    public int weightOf(String queue) {
        return weights.getOrDefault(queue, 1);
    }

    /** The request for one of the queues, for up to {@code max} jobs. */
    public QueueLeaseRequest forQueue(String queue, int max) {
        return new QueueLeaseRequest(namespace, queue, worker, types, max, leaseDuration);
    }
}

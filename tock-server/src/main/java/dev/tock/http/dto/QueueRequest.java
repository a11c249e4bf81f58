package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Fairness;
import dev.tock.model.KeySharing;
import dev.tock.model.Rate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A queue's settings, as put to {@code /v1/namespaces/{ns}/queues/{queue}}.
 *
 * @param maxRunning how many of its jobs may run at once across the cluster; absent for no limit
 * @param paused a paused queue's jobs wait; absent keeps the current state (new queues run)
 * @param perKeyMaxRunning how many jobs of one concurrency key may run at once; absent for no limit
 * @param perKeyLimits named keys with their own running limit, e.g. {@code {"tenant-big": 10}}
 * @param rateLimit how fast the queue starts jobs: {@code {"rate": "100/s", "burst": 20}} or {@code "100/s"} (burst 1)
 * @param perKeyRate how fast each key starts jobs, in the same form
 * @param fairness {@code {"by": "key", "weights": {"gold": 3}}}: weighted round-robin across keys with due jobs
 */
public record QueueRequest(Integer maxRunning, Boolean paused, Integer perKeyMaxRunning, Map<String, Integer> perKeyLimits,
                           JsonNode rateLimit, JsonNode perKeyRate, FairnessBody fairness) {

    /** Weighted fairness across the queue's keys; {@code by} may only be {@code key}. */
    public record FairnessBody(String by, Map<String, Integer> weights) {
    }

    /** The key sharing these settings ask for. */
    public KeySharing toSharing() {
        if (fairness != null && fairness.by() != null && !fairness.by().equals("key")) {
            throw ApiProblem.invalidField("fairness.by", "fairness.by: must be key, was " + fairness.by());
        }
        return new KeySharing(perKeyMaxRunning == null ? OptionalInt.empty() : OptionalInt.of(perKeyMaxRunning),
                perKeyLimits == null ? Map.of() : perKeyLimits, rate("rateLimit", rateLimit), rate("perKeyRate", perKeyRate),
                fairness == null ? Optional.empty() : Optional.of(new Fairness(fairness.weights())));
    }

    static Optional<Rate> rate(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(Rate.parse(field, node.asText(), field + ".burst", 1));
        }
        if (!node.isObject() || !node.has("rate")) {
            throw ApiProblem.invalidField(field + ".rate", field + ".rate: is required, like 100/s");
        }
        JsonNode burst = node.get("burst");
        if (burst != null && !burst.isIntegralNumber()) {
            throw ApiProblem.invalidField(field + ".burst", field + ".burst: must be a whole number of at least 1");
        }
        return Optional.of(Rate.parse(field + ".rate", node.get("rate").asText(), field + ".burst", burst == null ? 1 : burst.asInt()));
    }
}

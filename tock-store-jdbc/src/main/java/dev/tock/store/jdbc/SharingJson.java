package dev.tock.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.model.Fairness;
import dev.tock.model.KeySharing;
import dev.tock.model.Rate;
import dev.tock.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** A queue's {@link KeySharing} as stored in {@code tock_queues.sharing}: explicit JSON fields, NULL for none. */
final class SharingJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SharingJson() {
    }

    static String write(KeySharing s) {
        if (s.isNone()) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        s.perKeyMaxRunning().ifPresent(n -> node.put("perKeyMaxRunning", n));
        if (!s.perKeyLimits().isEmpty()) {
            ObjectNode limits = node.putObject("perKeyLimits");
            s.perKeyLimits().forEach(limits::put);
        }
        s.rateLimit().ifPresent(r -> writeRate(node.putObject("rateLimit"), r));
        s.perKeyRate().ifPresent(r -> writeRate(node.putObject("perKeyRate"), r));
        s.fairness().ifPresent(f -> {
            ObjectNode weights = node.putObject("fairness").putObject("weights");
            f.weights().forEach(weights::put);
        });
        return node.toString();
    }

    private static void writeRate(ObjectNode node, Rate r) {
        node.put("rate", r.text());
        node.put("burst", r.burst());
    }

    static KeySharing parse(String json) {
        if (json == null) {
            return KeySharing.NONE;
        }
        try {
            JsonNode n = JSON.readTree(json);
            OptionalInt perKey = n.has("perKeyMaxRunning") ? OptionalInt.of(n.get("perKeyMaxRunning").asInt()) : OptionalInt.empty();
            Optional<Fairness> fairness = n.has("fairness")
                    ? Optional.of(new Fairness(ints(n.get("fairness").get("weights")))) : Optional.empty();
            return new KeySharing(perKey, ints(n.get("perKeyLimits")), rate(n.get("rateLimit")), rate(n.get("perKeyRate")), fairness);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("stored queue sharing is unreadable: " + json, e);
        }
    }

    private static Optional<Rate> rate(JsonNode n) {
        return n == null ? Optional.empty() : Optional.of(Rate.parse("rate", n.get("rate").asText(), "burst", n.get("burst").asInt()));
    }

    private static Map<String, Integer> ints(JsonNode n) {
        Map<String, Integer> values = new LinkedHashMap<>();
        if (n != null) {
            n.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asInt()));
        }
        return values;
    }
}

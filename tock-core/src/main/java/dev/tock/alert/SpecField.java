package dev.tock.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.Durations;
import dev.tock.model.InvalidJobException;
import dev.tock.model.SecretKeyRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One field of an alert spec with its path ({@code conditions[0].after}), so that every refusal names the
 * field it is about.
 */
record SpecField(String path, JsonNode node) {

    static SpecField root(JsonNode node) {
        return new SpecField("", node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node);
    }

    SpecField get(String name) {
        return new SpecField(path.isEmpty() ? name : path + "." + name, node.path(name));
    }

    boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    InvalidJobException invalid(String message) {
        return new InvalidJobException(path, message);
    }

    Optional<String> text() {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid("must be text");
        }
        return Optional.of(node.asText());
    }

    String requiredText() {
        return text().orElseThrow(() -> invalid("is required"));
    }

    Optional<Integer> integer(int min, int max) {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw invalid("must be a whole number");
        }
        int value = node.asInt();
        if (value < min || value > max) {
            throw invalid("must be between " + min + " and " + max + "; was " + value);
        }
        return Optional.of(value);
    }

    Optional<Boolean> bool() {
        if (!present()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw invalid("must be true or false");
        }
        return Optional.of(node.asBoolean());
    }

    /** A duration such as {@code 5m}; negative ones are refused. */
    Optional<Duration> duration() {
        Optional<String> text = text();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = Durations.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        if (d.isNegative()) {
            throw invalid("must not be negative; was " + text.get());
        }
        return Optional.of(d);
    }

    Duration requiredDuration() {
        return duration().orElseThrow(() -> invalid("is required, e.g. 5m"));
    }

    List<SpecField> items() {
        if (!present()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("must be a list");
        }
        List<SpecField> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new SpecField(path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    Map<String, String> textMap() {
        Map<String, String> map = new TreeMap<>();
        if (!present()) {
            return map;
        }
        if (!node.isObject()) {
            throw invalid("must be an object of text values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), get(e.getKey()).requiredText());
        }
        return map;
    }

    /** Fails on any field not in {@code known}, so that a misspelt setting is not silently ignored. */
    void allowOnly(String... known) {
        if (!present()) {
            return;
        }
        if (!node.isObject()) {
            throw invalid("must be an object");
        }
        List<String> allowed = List.of(known);
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw get(name).invalid("is not a known field (known: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** A secret value: {@code {"valueFrom": {"secretKeyRef": {"name": ..., "key": ...}}}}. */
    Optional<SecretKeyRef> secretRef() {
        if (!present()) {
            return Optional.empty();
        }
        SpecField ref = get("valueFrom").get("secretKeyRef");
        if (!ref.present()) {
            throw invalid("must be {\"valueFrom\": {\"secretKeyRef\": {\"name\": ..., \"key\": ...}}}");
        }
        String name = ref.get("name").requiredText();
        String key = ref.get("key").requiredText();
        try {
            return Optional.of(new SecretKeyRef(name, key));
        } catch (InvalidJobException e) {
            throw new InvalidJobException(ref.path + "." + e.field().replace("secretKeyRef.", ""), e.getMessage()
                    .replaceFirst("^[^:]*: ", ""));
        }
    }
}

package dev.tock.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.model.ConcurrencyKey;
import dev.tock.model.ExecutorJson;
import dev.tock.model.JobTemplate;
import dev.tock.model.RetryPolicy;
import dev.tock.store.StoreException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A schedule's job template as stored: explicit JSON fields, not a serialized object. */
final class TemplateJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateJson() {
    }

    static String write(JobTemplate t) {
        ObjectNode node = JSON.createObjectNode();
        node.put("queue", t.queue());
        node.put("type", t.type());
        node.put("payload", t.payload());
        node.put("priority", t.priority());
        ObjectNode retry = node.putObject("retry");
        retry.put("maxAttempts", t.retryPolicy().maxAttempts());
        retry.put("initialBackoffMs", t.retryPolicy().initialBackoff().toMillis());
        retry.put("maxBackoffMs", t.retryPolicy().maxBackoff().toMillis());
        retry.put("multiplier", t.retryPolicy().multiplier());
        retry.put("jitter", t.retryPolicy().jitter());
        t.timeout().ifPresent(d -> node.put("timeoutMs", d.toMillis()));
        t.activeDeadline().ifPresent(d -> node.put("activeDeadlineMs", d.toMillis()));
        t.retention().ifPresent(d -> node.put("retentionMs", d.toMillis()));
        ObjectNode labels = node.putObject("labels");
        t.labels().forEach(labels::put);
        t.executor().ifPresent(e -> node.set("executor", ExecutorJson.write(e, false)));
        t.concurrencyKey().ifPresent(k -> node.put("concurrencyKey", k.template()));
        return node.toString();
    }

    private static Optional<Duration> millis(JsonNode n, String field) {
        return n.has(field) ? Optional.of(Duration.ofMillis(n.get(field).asLong())) : Optional.empty();
    }

    static JobTemplate read(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode r = n.get("retry");
            RetryPolicy retry = new RetryPolicy(r.get("maxAttempts").asInt(), Duration.ofMillis(r.get("initialBackoffMs").asLong()),
                    Duration.ofMillis(r.get("maxBackoffMs").asLong()), r.get("multiplier").asDouble(), r.get("jitter").asDouble());
            Map<String, String> labels = new LinkedHashMap<>();
            n.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            Optional<Duration> timeout = n.has("timeoutMs") ? Optional.of(Duration.ofMillis(n.get("timeoutMs").asLong())) : Optional.empty();
            return new JobTemplate(n.get("queue").asText(), n.get("type").asText(), n.get("payload").asText(),
                    n.get("priority").asInt(), retry, timeout, labels, ExecutorJson.read(n.get("executor")),
                    millis(n, "activeDeadlineMs"), millis(n, "retentionMs"),
                    n.has("concurrencyKey") ? Optional.of(new ConcurrencyKey(n.get("concurrencyKey").asText())) : Optional.empty());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("stored job template is unreadable: " + json, e);
        }
    }
}

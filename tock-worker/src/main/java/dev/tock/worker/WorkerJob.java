package dev.tock.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;

/** A job leased to this worker, as its handler sees it. */
public final class WorkerJob {
    private final ObjectMapper json;
    private final String id;
    private final String type;
    private final String queue;
    private final JsonNode payload;
    private final int attempt;
    private final String leaseToken;
    private final Map<String, String> labels;
    private final Optional<java.time.Duration> timeout;
    private final StringBuilder output = new StringBuilder();
    private volatile JsonNode result;

    WorkerJob(ObjectMapper json, JsonNode leased) {
        this.json = json;
        this.id = leased.get("id").asText();
        this.type = leased.get("type").asText();
        this.queue = leased.get("queue").asText();
        this.payload = leased.get("payload");
        this.attempt = leased.get("attempt").asInt();
        this.leaseToken = leased.get("leaseToken").asText();
        this.timeout = leased.hasNonNull("timeout") ? Optional.of(duration(leased.get("timeout").asText())) : Optional.empty();
        this.labels = json.convertValue(leased.path("labels"), json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String queue() {
        return queue;
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return attempt;
    }

    /** How long this attempt may run; the worker interrupts the handler after it and fails the attempt. */
    public Optional<java.time.Duration> timeout() {
        return timeout;
    }

    /** A duration as the API writes it: {@code 1500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    static java.time.Duration duration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text);
        if (!m.matches()) {
            return java.time.Duration.parse(text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofDays(n);
        };
    }

    public Map<String, String> labels() {
        return labels == null ? Map.of() : labels;
    }

    /** The payload as a JSON tree. */
    public JsonNode payload() {
        return payload;
    }

    /** The payload bound to {@code type} with Jackson. */
    public <T> T payloadAs(Class<T> target) {
        try {
            return json.treeToValue(payload, target);
        } catch (JsonProcessingException e) {
            throw JobFailure.permanent("payload cannot be read as " + target.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** Appends to the text kept with the attempt (its tail, as the server keeps it). */
    public synchronized void output(CharSequence text) {
        output.append(text);
    }

    /** A value kept with the attempt after the output, as JSON. */
    public void result(Object value) {
        this.result = json.valueToTree(value);
    }

    String leaseToken() {
        return leaseToken;
    }

    synchronized Optional<String> outputText() {
        return output.isEmpty() ? Optional.empty() : Optional.of(output.toString());
    }

    Optional<JsonNode> resultValue() {
        return Optional.ofNullable(result);
    }
}

package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.wire.ApiProblem;
import dev.tock.http.wire.Json;
import dev.tock.model.ConcurrencyKey;
import dev.tock.model.ExecutorJson;
import dev.tock.model.JobTemplate;
import dev.tock.model.NewJob;
import dev.tock.model.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The job a schedule enqueues at each fire; only {@code type} is required.
 *
 * @param executor what runs each fire's job instead of a handler of its type, as for a job; shown with
 *                 secret values redacted
 * @param activeDeadline each fire's run deadline across its attempts, as for a job
 * @param retention how long each fire's job is kept once finished, as for a job (the history limits may delete it sooner)
 * @param concurrencyKey each fire's job's concurrency key, literal or a template such as {@code {{payload.tenant}}}
 */
public record TemplateBody(String type, JsonNode payload, String queue, Integer priority, RetryBody retry, String timeout,
                           Map<String, String> labels, JsonNode executor, String activeDeadline,
                           String retention, String concurrencyKey) {

    public JobTemplate toTemplate(Json json, int maxPayloadBytes) {
        if (type == null) {
            throw ApiProblem.invalidField("type", "type: is required (the job type, e.g. cleanup)");
        }
        String payloadText = payload == null ? "{}" : json.text(payload);
        int size = payloadText.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxPayloadBytes) {
            throw ApiProblem.tooLarge("payload", "payload: is " + size + " bytes, larger than the limit of " + maxPayloadBytes + " bytes");
        }
        return new JobTemplate(queue == null ? NewJob.DEFAULT_QUEUE : queue, type, payloadText, priority == null ? 0 : priority,
                retry == null ? RetryPolicy.DEFAULT : retry.toPolicy(), Optional.ofNullable(Fields.duration("timeout", timeout)),
                labels == null ? Map.of() : labels, ExecutorJson.read(executor),
                Optional.ofNullable(Fields.duration("activeDeadline", activeDeadline)),
                Optional.ofNullable(Fields.duration("retention", retention)),
                Optional.ofNullable(concurrencyKey).map(ConcurrencyKey::new));
    }

    public static TemplateBody of(JobTemplate t, Json json) {
        return new TemplateBody(t.type(), json.tree(t.payload()), t.queue(), t.priority(), RetryBody.of(t.retryPolicy()),
                t.timeout().map(Fields::format).orElse(null), t.labels(),
                t.executor().map(e -> (JsonNode) ExecutorJson.write(e, true)).orElse(null),
                t.activeDeadline().map(Fields::format).orElse(null), t.retention().map(Fields::format).orElse(null),
                t.concurrencyKey().map(ConcurrencyKey::template).orElse(null));
    }
}

package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.wire.ApiProblem;
import dev.tock.http.wire.Json;
import dev.tock.model.ExecutorJson;
import dev.tock.model.NewJob;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A job to enqueue, as posted to {@code /v1/namespaces/{ns}/jobs}. Only {@code type} is required.
 *
 * @param payload any JSON value (default {@code {}})
 * @param runAt when it is due (RFC 3339), or
 * @param delay how long from now (e.g. {@code 10m}), measured on the store's clock
 * @param idempotencyKey a repeat with the same key in the namespace returns the first job (also the
 *                       {@code Idempotency-Key} header)
 * @param timeout each attempt is interrupted after this long
 * @param executor what runs the job instead of a handler of its type: {@code {"kind": "http", "url": ...}} or
 *                 {@code {"kind": "command", "command": [...]}} (see {@link dev.tock.model.ExecutorJson})
 * @param activeDeadline the run deadline: from the first attempt's start, across every attempt and backoff, after
 *                       which the job is stopped and ends dead ({@code DeadlineExceeded}); each attempt's own
 *                       limit is {@code timeout}
 * @param retention once finished, the job and its attempts are deleted after this long (Kubernetes'
 *                  {@code ttlSecondsAfterFinished}); absent keeps it
 * @param concurrencyKey the key its queue's per-key limits, rates and fairness count it under: literal, or a
 *                       template over the payload such as {@code {{payload.tenant}}}
 */
public record JobRequest(String type, JsonNode payload, String queue, Integer priority, String runAt, String delay,
                         String idempotencyKey, RetryBody retry, String timeout, Map<String, String> labels,
                         JsonNode executor, String activeDeadline,
                         String retention, String concurrencyKey) {

    /** The job to enqueue in {@code namespace}; {@code headerKey} is the {@code Idempotency-Key} header, if any. */
    public NewJob toNewJob(String namespace, Optional<String> headerKey, Json json, int maxPayloadBytes) {
        if (type == null) {
            throw ApiProblem.invalidField("type", "type: is required (the job type, e.g. email.send)");
        }
        if (idempotencyKey != null && headerKey.isPresent() && !headerKey.get().equals(idempotencyKey)) {
            throw ApiProblem.invalidField("idempotencyKey", "idempotencyKey: differs from the Idempotency-Key header");
        }
        String payloadText = payload == null ? "{}" : json.text(payload);
        int size = payloadText.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxPayloadBytes) {
            throw ApiProblem.tooLarge("payload", "payload: is " + size + " bytes, larger than the limit of " + maxPayloadBytes + " bytes");
        }
        NewJob.Builder b = NewJob.builder(type).namespace(namespace).payload(payloadText);
        if (queue != null) {
            b.queue(queue);
        }
        if (priority != null) {
            b.priority(priority);
        }
        b.runAt(Fields.instant("runAt", runAt));
        if (delay != null) {
            b.delay(Fields.duration("delay", delay));
        }
        b.idempotencyKey(idempotencyKey != null ? idempotencyKey : headerKey.orElse(null));
        if (retry != null) {
            b.retry(retry.toPolicy());
        }
        b.timeout(Fields.duration("timeout", timeout));
        b.activeDeadline(Fields.duration("activeDeadline", activeDeadline));
        b.retention(Fields.duration("retention", retention));
        if (labels != null) {
            b.labels(labels);
        }
        ExecutorJson.read(executor).ifPresent(b::executor);
        b.concurrencyKey(concurrencyKey);
        return b.build();
    }
}

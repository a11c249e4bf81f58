package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.wire.Json;
import dev.tock.model.ExecutorJson;
import dev.tock.model.Job;
import java.util.Map;

/**
 * A job as the API shows it: times in RFC 3339 UTC, durations as {@code 30s}, state in lower case.
 *
 * @param executor its executor, with secret header and variable values shown as {@code ***}; absent for a handler
 * @param nominalTime the schedule's fire time a scheduled job runs for; absent for a job no schedule fired
 * @param concurrencyKey the key its queue counts it under; absent for {@code ""}
 * @param concurrencyKeyNote why the key is {@code ""} although its template asked for a payload field
 * @param waiting why a job that has not finished is not running (scheduled, backoff, queue paused, limits, rates,
 *                nothing handles it); only on a single job's read, and absent once it runs or has finished
 */
public record JobView(String id, String namespace, String queue, String type, JsonNode payload, int priority, String state,
                      String runAt, String createdAt, String finishedAt, int attempts, RetryBody retry, String timeout,
                      String idempotencyKey, Map<String, String> labels, String leaseOwner, String lastError,
                      JsonNode executor, String nominalTime, String concurrencyKey, String concurrencyKeyNote,
                      WaitingView waiting) {

    public static JobView of(Job j, Json json) {
        return new JobView(j.id().toString(), j.namespace(), j.queue(), j.type(), json.tree(j.payload()), j.priority(),
                j.state().wireName(), Fields.format(j.runAt()), Fields.format(j.createdAt()),
                j.finishedAt().map(Fields::format).orElse(null), j.attempts(), RetryBody.of(j.retryPolicy()),
                j.timeout().map(Fields::format).orElse(null), j.idempotencyKey().orElse(null), j.labels(),
                j.leaseOwner().orElse(null), j.lastError().orElse(null),
                j.executor().map(e -> (JsonNode) ExecutorJson.write(e, true)).orElse(null),
                j.nominalTime().map(Fields::format).orElse(null),
                j.concurrencyKey().key().isEmpty() ? null : j.concurrencyKey().key(), j.concurrencyKey().note().orElse(null), null);
    }

    /** This view with the explanation of why the job waits. */
    public JobView withWaiting(WaitingView explanation) {
        return new JobView(id, namespace, queue, type, payload, priority, state, runAt, createdAt, finishedAt, attempts, retry,
                timeout, idempotencyKey, labels, leaseOwner, lastError, executor, nominalTime, concurrencyKey, concurrencyKeyNote,
                explanation);
    }
}

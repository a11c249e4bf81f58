package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.wire.Json;
import dev.tock.model.ExecutorJson;
import dev.tock.model.ExecutorSummary;
import dev.tock.model.Job;
import java.util.Map;

/**
 * A job as the API shows it: times in RFC 3339 UTC, durations as {@code 30s}, state in lower case.
 *
 * @param executor its executor, with secret header and variable values shown as {@code ***}; absent for a handler
 * @param nominalTime the schedule's fire time a scheduled job runs for; absent for a job no schedule fired
 * @param runs what runs it, in one line: the handler of its type, the URL, the command, or the image and the
 *     Kubernetes Job of its latest attempt ({@link ExecutorSummary})
 * @param activeDeadline the run deadline across all attempts (e.g. {@code 5m}); absent for none
 * @param runStartedAt when the run's first attempt started, once an attempt has ended without ending the job
 * @param retention how long the job is kept once finished (e.g. {@code 1h}); absent keeps it
 * @param concurrencyKey the key its queue counts it under; absent for {@code ""}
 * @param concurrencyKeyNote why the key is {@code ""} although its template asked for a payload field
 * @param waiting why a job that has not finished is not running (scheduled, backoff, queue paused, limits, rates,
 *                nothing handles it); only on a single job's read, and absent once it runs or has finished
 */
public record JobView(String id, String namespace, String queue, String type, JsonNode payload, int priority, String state,
                      String runAt, String createdAt, String finishedAt, int attempts, RetryBody retry, String timeout,
                      String idempotencyKey, Map<String, String> labels, String leaseOwner, String lastError,
                      JsonNode executor, String nominalTime, String runs, String activeDeadline, String runStartedAt,
                      String retention, String concurrencyKey, String concurrencyKeyNote, WaitingView waiting) {

    public static JobView of(Job j, Json json) {
        return new JobView(j.id().toString(), j.namespace(), j.queue(), j.type(), json.tree(j.payload()), j.priority(),
                j.state().wireName(), Fields.format(j.runAt()), Fields.format(j.createdAt()),
                j.finishedAt().map(Fields::format).orElse(null), j.attempts(), RetryBody.of(j.retryPolicy()),
                j.timeout().map(Fields::format).orElse(null), j.idempotencyKey().orElse(null), j.labels(),
                j.leaseOwner().orElse(null), j.lastError().orElse(null),
                j.executor().map(e -> (JsonNode) ExecutorJson.write(e, true)).orElse(null),
                j.nominalTime().map(Fields::format).orElse(null), ExecutorSummary.of(j), j.activeDeadline().map(Fields::format).orElse(null),
                j.runStartedAt().map(Fields::format).orElse(null), j.retention().map(Fields::format).orElse(null),
                j.concurrencyKey().key().isEmpty() ? null : j.concurrencyKey().key(), j.concurrencyKey().note().orElse(null), null);
    }

    /** This view with the explanation of why the job waits. */
    public JobView withWaiting(WaitingView explanation) {
        return new JobView(id, namespace, queue, type, payload, priority, state, runAt, createdAt, finishedAt, attempts, retry,
                timeout, idempotencyKey, labels, leaseOwner, lastError, executor, nominalTime, runs, activeDeadline, runStartedAt,
                retention, concurrencyKey, concurrencyKeyNote, explanation);
    }
}

package dev.tock.cli.apply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.cli.client.Jsons;
import dev.tock.workflow.WorkflowJson;
import dev.tock.http.dto.Fields;
import dev.tock.http.dto.JobRequest;
import dev.tock.http.dto.QueueRequest;
import dev.tock.http.dto.QueueView;
import dev.tock.http.dto.RetryBody;
import dev.tock.http.dto.ScheduleRequest;
import dev.tock.http.dto.ScheduleView;
import dev.tock.http.wire.Json;
import dev.tock.model.ExecutorJson;
import dev.tock.model.NewJob;
import dev.tock.model.Queue;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.StoredSchedule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The two sides apply compares, both in one canonical form: the fields of the kind's request body, with
 * every default filled in and every value written as the server writes it ({@code 1h} not {@code 60m}).
 * The desired side is computed with the server's own wire records, so an unchanged document compares
 * equal to what the server shows. A Secret is compared by its keys and the version the server computes
 * for its values ({@link #secret}); its values are never read back.
 */
final class Specs {
    static final String MANAGED_BY = "tock.dev/managed-by";
    static final String APPLY_SET = "tock.dev/apply-set";
    static final String APPLY_NAME = "tock.dev/apply-name";
    /** What a Job document decides of its job; everything else (state, attempts, times) is the server's. */
    private static final List<String> JOB_FIELDS = List.of("type", "queue", "priority", "payload", "retry", "timeout", "activeDeadline", "retention",
            "idempotencyKey", "labels", "executor");
    /** Reads server views into request records: the view's extra fields (createdAt, description...) are dropped. */
    private static final ObjectMapper PROJECTION = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private final Json json = new Json();
    private final String applySet;

    Specs(String applySet) {
        this.applySet = applySet;
    }

    /** The spec of a live object, from the server's view of it. */
    JsonNode live(Kind kind, JsonNode view) {
        return switch (kind) {
            case NAMESPACE -> Jsons.JSON.createObjectNode().put("name", view.path("name").asText());
            case SECRET -> secret(view);
            case SCHEDULE -> project(view, ScheduleRequest.class);
            case QUEUE -> {
                ObjectNode queue = Jsons.JSON.createObjectNode();
                if (view.hasNonNull("maxRunning")) {
                    queue.put("maxRunning", view.get("maxRunning").asInt());
                }
                copyKeySharing(view, queue);
                yield queue.put("paused", view.path("paused").asBoolean(false));
            }
            case JOB -> jobFields(view);
            case ALERT_CHANNEL, ALERT_RULE, MONITOR -> view.path("spec");
            case WORKFLOW -> view.path("spec");
        };
    }

    /**
     * What the document asks for. A field the document leaves out takes its default, except a schedule's
     * {@code suspend} and a queue's {@code paused}: those keep their live value, so that re-applying
     * does not undo {@code tock schedules suspend} or {@code tock queues pause}.
     */
    JsonNode desired(Document doc, Optional<JsonNode> live) {
        return switch (doc.kind()) {
            case NAMESPACE -> Jsons.JSON.createObjectNode().put("name", doc.name());
            case SECRET -> throw new IllegalStateException("a secret's desired spec is the server's dry run: Planner asks for it");
            case SCHEDULE -> desiredSchedule(doc, live);
            case QUEUE -> desiredQueue(doc, live);
            case JOB -> desiredJob(doc);
            case ALERT_CHANNEL -> dev.tock.alert.AlertSpecs.storedChannel(doc.namespace(), doc.name(), doc.spec()).specJson();
            case ALERT_RULE -> dev.tock.alert.AlertSpecs.rule(doc.namespace(), doc.name(), doc.spec()).specJson();
            case MONITOR -> dev.tock.monitor.Monitor.of(doc.namespace(), doc.name(), doc.spec()).specJson();
            case WORKFLOW -> WorkflowJson.write(WorkflowJson.read(doc.namespace(), doc.name(), doc.spec()));
        };
    }

    private JsonNode desiredSchedule(Document doc, Optional<JsonNode> live) {
        byte[] body = Jsons.compactJson(doc.spec()).getBytes(StandardCharsets.UTF_8);
        Schedule schedule = json.read(body, ScheduleRequest.class).toSchedule(doc.namespace(), doc.name(), json, Integer.MAX_VALUE);
        ScheduleView view = ScheduleView.of(new StoredSchedule(schedule, Instant.EPOCH, Instant.EPOCH, Optional.empty()), json);
        ObjectNode desired = (ObjectNode) project(PROJECTION.valueToTree(view), ScheduleRequest.class);
        if (!doc.spec().has("suspend")) {
            desired.put("suspend", live.map(l -> l.path("suspend").asBoolean(false)).orElse(false));
        }
        return desired;
    }

    private JsonNode desiredQueue(Document doc, Optional<JsonNode> live) {
        QueueRequest request = json.read(Jsons.compactJson(doc.spec()).getBytes(StandardCharsets.UTF_8), QueueRequest.class);
        ObjectNode desired = Jsons.JSON.createObjectNode();
        if (request.maxRunning() != null) {
            desired.put("maxRunning", request.maxRunning());
        }
        // Through the server's own view, so that desired and live spell the same settings alike.
        Queue shown = Queue.of(doc.namespace(), doc.name()).withSharing(request.toSharing());
        copyKeySharing(PROJECTION.valueToTree(QueueView.of(shown)), desired);
        boolean paused = request.paused() != null ? request.paused() : live.map(l -> l.path("paused").asBoolean(false)).orElse(false);
        return desired.put("paused", paused);
    }

    private static void copyKeySharing(JsonNode view, ObjectNode spec) {
        for (String field : new String[] {"perKeyMaxRunning", "perKeyLimits", "rateLimit", "perKeyRate", "fairness"}) {
            if (view.hasNonNull(field)) {
                spec.set(field, view.get(field));
            }
        }
    }

    /** The job to post: the spec, with an idempotency key from namespace and name, and apply's labels. */
    private JsonNode desiredJob(Document doc) {
        ObjectNode job = doc.spec().deepCopy();
        if (!job.hasNonNull("idempotencyKey")) {
            job.put("idempotencyKey", idempotencyKey(doc.ref()));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        job.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.putAll(doc.labels());
        labels.put(MANAGED_BY, "apply");
        labels.put(APPLY_SET, applySet);
        labels.put(APPLY_NAME, doc.name());
        job.set("labels", Jsons.JSON.valueToTree(labels));
        return normalize(job);
    }

    /**
     * A Secret as apply compares and shows it: its keys and the version of its values, from the server's
     * view of it or from the answer to a dry run of the document.
     */
    static JsonNode secret(JsonNode view) {
        ObjectNode secret = Jsons.JSON.createObjectNode();
        secret.set("keys", view.path("keys").deepCopy());
        return secret.put("version", view.path("version").asText());
    }

    /**
     * What apply sends for a document: its desired spec, except for what the server shows redacted — a
     * Secret's values, a schedule's secret header and variable values — which is sent as the document gives it.
     */
    static JsonNode body(Document doc, JsonNode desired) {
        return switch (doc.kind()) {
            case SECRET -> doc.spec();
            case SCHEDULE -> ((ObjectNode) doc.spec().deepCopy()).set("suspend", desired.get("suspend"));
            case NAMESPACE, QUEUE, JOB, ALERT_CHANNEL, ALERT_RULE, MONITOR -> desired;
            case WORKFLOW -> Jsons.JSON.createObjectNode().set("spec", desired);
        };
    }

    /**
     * The fields of the job a Job document asks for, as the server would show the job once submitted:
     * what a submitted job is compared with, since it cannot be updated.
     */
    JsonNode desiredJobFields(Document doc) {
        byte[] body = Jsons.compactJson(desiredJob(doc)).getBytes(StandardCharsets.UTF_8);
        NewJob job = json.read(body, JobRequest.class).toNewJob(doc.namespace(), Optional.empty(), json, Integer.MAX_VALUE);
        ObjectNode fields = Jsons.JSON.createObjectNode().put("type", job.type()).put("queue", job.queue()).put("priority", job.priority());
        fields.set("payload", json.tree(job.payload()));
        fields.set("retry", PROJECTION.valueToTree(RetryBody.of(job.retryPolicy())));
        job.timeout().ifPresent(t -> fields.put("timeout", Fields.format(t)));
        job.activeDeadline().ifPresent(t -> fields.put("activeDeadline", Fields.format(t)));
        job.retention().ifPresent(t -> fields.put("retention", Fields.format(t)));
        job.idempotencyKey().ifPresent(k -> fields.put("idempotencyKey", k));
        fields.set("labels", Jsons.JSON.valueToTree(job.labels()));
        job.executor().ifPresent(e -> fields.set("executor", ExecutorJson.write(e, true)));
        return jobFields(fields);
    }

    /**
     * The fields a Job document decides, from a job as the server shows it. The apply-set label is left out:
     * it follows the files' paths, which move between checkouts, and says nothing of the job.
     */
    private static JsonNode jobFields(JsonNode view) {
        ObjectNode fields = Jsons.JSON.createObjectNode();
        for (String field : JOB_FIELDS) {
            if (view.hasNonNull(field)) {
                fields.set(field, view.get(field).deepCopy());
            }
        }
        if (fields.path("labels") instanceof ObjectNode labels) {
            labels.remove(APPLY_SET);
        }
        return normalize(fields);
    }

    /** The top-level fields in which two specs differ, e.g. {@code [payload, timeout]}. */
    static List<String> changedFields(JsonNode live, JsonNode desired) {
        Set<String> names = new TreeSet<>();
        live.fieldNames().forEachRemaining(names::add);
        desired.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(name -> !Objects.equals(live.get(name), desired.get(name))).toList();
    }

    /** The key that makes a Job document enqueue once, however often it is applied. */
    static String idempotencyKey(ObjectRef ref) {
        return "tock.dev/apply/" + ref.namespace() + "/" + ref.name();
    }

    private static JsonNode project(JsonNode view, Class<?> requestType) {
        return normalize(PROJECTION.valueToTree(PROJECTION.convertValue(view, requestType)));
    }

    /** The same tree with numbers of one type per value, so trees from different sources compare by value. */
    static JsonNode normalize(JsonNode node) {
        try {
            return Jsons.JSON.readTree(Jsons.compactJson(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not re-read JSON", e);
        }
    }
}

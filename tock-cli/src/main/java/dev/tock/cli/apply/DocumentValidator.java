package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.TockException;
import dev.tock.cli.client.Jsons;
import dev.tock.http.dto.JobRequest;
import dev.tock.http.dto.QueueRequest;
import dev.tock.http.dto.ScheduleRequest;
import dev.tock.http.dto.SecretRequest;
import dev.tock.workflow.WorkflowJson;
import dev.tock.http.wire.ApiProblem;
import dev.tock.http.wire.Json;
import dev.tock.model.Names;
import dev.tock.model.Queue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Checks documents before anything is applied: the envelope ({@code apiVersion}, {@code kind},
 * {@code metadata}) here, the spec with the server's own wire records and rules, so a spec that would be
 * refused is refused before the first change. Every problem names file, document and field.
 */
final class DocumentValidator {
    static final String API_VERSION = "tock/v1";
    private static final Set<String> TOP_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "namespace", "labels");
    /** No payload limit here: the server knows its own and says so. */
    private static final int ANY_SIZE = Integer.MAX_VALUE;

    private final Json json = new Json();
    private final String defaultNamespace;

    DocumentValidator(String defaultNamespace) {
        this.defaultNamespace = defaultNamespace;
    }

    /** The documents, checked; throws {@link InvalidDocumentsException} listing every problem when any is invalid. */
    List<Document> validate(List<DocumentReader.Raw> raws) {
        List<Document> documents = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<ObjectRef, Document> seen = new HashMap<>();
        for (DocumentReader.Raw raw : raws) {
            try {
                Document doc = document(raw);
                Document earlier = seen.putIfAbsent(doc.ref(), doc);
                if (earlier != null) {
                    throw new Problem("metadata.name", doc.ref() + " is declared twice (also in " + earlier.where() + ")");
                }
                documents.add(doc);
            } catch (Problem p) {
                for (FieldProblem field : p.fields) {
                    problems.add(raw.file() + ": document " + raw.index() + describe(raw.tree()) + ": " + field.field() + ": " + field.message());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentsException(problems);
        }
        return documents;
    }

    private Document document(DocumentReader.Raw raw) {
        JsonNode tree = raw.tree();
        if (!tree.isObject()) {
            throw new Problem("document", "must be a mapping with apiVersion, kind, metadata and spec");
        }
        List<FieldProblem> unknown = new ArrayList<>(SpecFields.unknown(tree, TOP_FIELDS, ""));
        if (tree.path("metadata").isObject() && !"Namespace".equals(tree.path("kind").asText())) {
            unknown.addAll(SpecFields.unknown(tree.path("metadata"), METADATA_FIELDS, "metadata."));
        }
        if (tree.path("spec").isObject() && !unknown.isEmpty()) {
            Kind.byDocumentName(tree.path("kind").asText("")).ifPresent(kind -> unknown.addAll(SpecFields.unknown(kind, tree.path("spec"))));
        }
        if (!unknown.isEmpty()) {
            throw new Problem(unknown);
        }
        String apiVersion = tree.path("apiVersion").asText(null);
        if (!API_VERSION.equals(apiVersion)) {
            throw new Problem("apiVersion", apiVersion == null ? "is required (" + API_VERSION + ")"
                    : "must be " + API_VERSION + ", was \"" + apiVersion + "\"");
        }
        String kindName = tree.path("kind").asText(null);
        Kind kind = Kind.byDocumentName(kindName).orElseThrow(() -> new Problem("kind", kindName == null
                ? "is required (" + Kind.documentNames() + ")" : "must be one of " + Kind.documentNames() + ", was \"" + kindName + "\""));
        JsonNode metadata = tree.path("metadata");
        if (!metadata.isObject()) {
            throw new Problem("metadata", "is required, with at least a name");
        }
        if (kind == Kind.NAMESPACE) {
            return namespaceDocument(raw, metadata);
        }
        unknownFields(metadata, METADATA_FIELDS, "metadata.");
        String name = resourceName(metadata, "name", null);
        String namespace = resourceName(metadata, "namespace", defaultNamespace);
        Map<String, String> labels = labels(metadata, kind);
        JsonNode spec = tree.path("spec");
        if (spec.isMissingNode() || spec.isNull()) {
            if (kind != Kind.QUEUE) {
                throw new Problem("spec", "is required for a " + kind.documentName());
            }
            spec = Jsons.JSON.createObjectNode();
        }
        spec = canonicalSpec(kind, spec);
        checkSpec(kind, namespace, name, spec);
        return new Document(raw.file(), raw.index(), new ObjectRef(kind, namespace, name), labels, spec);
    }

    /** A Namespace has a name and nothing else: it lives in no namespace, and its spec, if any, is empty. */
    private static Document namespaceDocument(DocumentReader.Raw raw, JsonNode metadata) {
        unknownFields(metadata, Set.of("name"), "metadata.");
        String name = resourceName(metadata, "name", null);
        JsonNode spec = raw.tree().path("spec");
        if (spec.isMissingNode() || spec.isNull()) {
            spec = Jsons.JSON.createObjectNode();
        }
        if (!spec.isObject()) {
            throw new Problem("spec", "must be a mapping");
        }
        unknownFields(spec, Set.of(), "spec.");
        return new Document(raw.file(), raw.index(), ObjectRef.namespace(name), Map.of(), spec);
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix) {
        List<FieldProblem> unknown = SpecFields.unknown(node, known, prefix);
        if (!unknown.isEmpty()) {
            throw new Problem(unknown);
        }
    }

    private static String resourceName(JsonNode metadata, String field, String fallback) {
        JsonNode node = metadata.path(field);
        if (node.isMissingNode() || node.isNull()) {
            if (fallback == null) {
                throw new Problem("metadata." + field, "is required");
            }
            return fallback;
        }
        if (!node.isTextual()) {
            throw new Problem("metadata." + field, "must be a string");
        }
        try {
            return Names.requireResourceName(field, node.asText());
        } catch (TockException e) {
            throw new Problem("metadata." + field, e.getMessage().replaceFirst("^" + field + ": ", ""));
        }
    }

    private static Map<String, String> labels(JsonNode metadata, Kind kind) {
        JsonNode node = metadata.path("labels");
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (kind != Kind.JOB) {
            throw new Problem("metadata.labels", "a " + kind.documentName() + " cannot carry labels yet (the server keeps labels on jobs only;"
                    + " for a schedule's jobs use spec.jobTemplate.labels)");
        }
        if (!node.isObject()) {
            throw new Problem("metadata.labels", "must be a mapping of label keys to string values");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new Problem("metadata.labels." + entry.getKey(), "must be a string (quote numbers and booleans)");
            }
            try {
                Names.requireLabelKey(entry.getKey());
            } catch (TockException e) {
                throw new Problem("metadata.labels", e.getMessage().replaceFirst("^labels: ", ""));
            }
            labels.put(entry.getKey(), entry.getValue().asText());
        }
        return labels;
    }

    /**
     * The spec with Kubernetes aliases rewritten to Tock's names; every unknown field and every alias problem of
     * the document is reported at once, rather than the first the server's reader would stop at.
     */
    private static JsonNode canonicalSpec(Kind kind, JsonNode spec) {
        List<FieldProblem> problems = new ArrayList<>(SpecFields.unknown(kind, spec));
        JsonNode canonical = KubernetesAliases.canonical(kind, spec, problems);
        if (!problems.isEmpty()) {
            throw new Problem(problems);
        }
        return canonical;
    }

    /** Reads the spec as the server would and runs the server's checks of that kind. */
    private void checkSpec(Kind kind, String namespace, String name, JsonNode spec) {
        if (!spec.isObject()) {
            throw new Problem("spec", "must be a mapping");
        }
        byte[] body = Jsons.compactJson(spec).getBytes(StandardCharsets.UTF_8);
        try {
            switch (kind) {
                case SECRET -> json.read(body, SecretRequest.class).toSecret(namespace, name);
                case SCHEDULE -> json.read(body, ScheduleRequest.class).toSchedule(namespace, name, json, ANY_SIZE);
                case QUEUE -> {
                    QueueRequest queue = json.read(body, QueueRequest.class);
                    new Queue(namespace, name, queue.maxRunning() == null ? OptionalInt.empty() : OptionalInt.of(queue.maxRunning()),
                            Boolean.TRUE.equals(queue.paused()), queue.toSharing());
                }
                case JOB -> json.read(body, JobRequest.class).toNewJob(namespace, Optional.empty(), json, ANY_SIZE);
                case WORKFLOW -> WorkflowJson.read(namespace, name, spec);
                case NAMESPACE -> throw new IllegalStateException("a Namespace has no spec to check");
                case ALERT_CHANNEL -> dev.tock.alert.AlertSpecs.storedChannel(namespace, name, spec);
                case ALERT_RULE -> dev.tock.alert.AlertSpecs.rule(namespace, name, spec);
                case MONITOR -> dev.tock.monitor.Monitor.of(namespace, name, spec);
            }
        } catch (ApiProblem p) {
            throw specProblem(p.field().orElse(null), p.detail());
        } catch (dev.tock.model.InvalidJobException e) {
            throw specProblem(e.field(), e.getMessage());
        } catch (TockException | IllegalArgumentException e) {
            throw specProblem(null, e.getMessage());
        }
    }

    /** A problem inside the spec, its field prefixed with {@code spec.}; details that start with the field say it once. */
    private static Problem specProblem(String field, String detail) {
        if (field == null) {
            return new Problem("spec", detail);
        }
        String message = detail.startsWith(field + ": ") ? detail.substring(field.length() + 2) : detail;
        return new Problem("spec." + field, message);
    }

    /** " (Schedule nightly)" when the document says what it is, to help find it in a long file. */
    private static String describe(JsonNode tree) {
        String kind = tree.path("kind").asText("");
        String name = tree.path("metadata").path("name").asText("");
        return kind.isEmpty() && name.isEmpty() ? "" : " (" + (kind + " " + name).strip() + ")";
    }

    /** One problem of one document. */
    private static final class Problem extends RuntimeException {
        final List<FieldProblem> fields;

        Problem(String field, String message) {
            this(List.of(new FieldProblem(field, message)));
        }

        Problem(List<FieldProblem> fields) {
            super(fields.getFirst().message(), null, false, false);
            this.fields = List.copyOf(fields);
        }
    }
}

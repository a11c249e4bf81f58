package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.Durations;
import dev.tock.cli.client.Jsons;
import dev.tock.model.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Kubernetes {@code batch/v1} CronJob or Job as the {@code tock/v1} Schedule or Job that does its work, field by
 * field (docs/kubernetes-cronjobs.md has the table). What Tock cannot honour is a warning naming the field, never
 * dropped in silence; what Tock must refuse (a {@code TZ=} prefix) is a problem naming the field.
 */
final class KubernetesManifest {
    static final String BATCH_V1 = "batch/v1";
    /** Kubernetes' default backoffLimit when a Job gives none. */
    static final int DEFAULT_BACKOFF_LIMIT = 6;
    /** Kubernetes' pod backoff: 10 s, doubling, at most 6 min. */
    static final String K8S_INITIAL_BACKOFF = "10s";
    static final String K8S_MAX_BACKOFF = "6m";
    /** An annotation kubectl writes: the whole manifest again, never a label. */
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final Pattern TZ_PREFIX = Pattern.compile("^\\s*(CRON_TZ|TZ)=(\\S*)\\s+(.*)$");
    private static final Set<String> CRON_FIELDS = Set.of("schedule", "timeZone", "concurrencyPolicy", "startingDeadlineSeconds",
            "suspend", "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "jobTemplate");
    /**
     * Job spec fields Tock takes over from Kubernetes: never passed to the created Job, but for podFailurePolicy, which the
     * Kubernetes executor reads from its jobTemplate.
     */
    private static final Set<String> TOCK_JOB_FIELDS = Set.of("backoffLimit", "activeDeadlineSeconds", "podFailurePolicy",
            "ttlSecondsAfterFinished");

    /** How the pod template runs: as a Kubernetes Job per attempt (default), or its container's command on a Tock node. */
    enum ExecutorMode {
        KUBERNETES, COMMAND;

        static ExecutorMode parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "kubernetes" -> KUBERNETES;
                case "command" -> COMMAND;
                default -> throw new dev.tock.cli.client.UsageException("--executor: must be kubernetes or command, was " + text);
            };
        }
    }

    /** A manifest Tock refuses: each problem names its field. */
    static final class Refused extends RuntimeException {
        final List<FieldProblem> problems;

        Refused(List<FieldProblem> problems) {
            super(problems.getFirst().message(), null, false, false);
            this.problems = List.copyOf(problems);
        }
    }

    /** The {@code tock/v1} document and the warnings of what it does not carry over. */
    record Translation(ObjectNode document, List<FieldProblem> warnings) {
    }

    private final ExecutorMode mode;
    private final List<FieldProblem> warnings = new ArrayList<>();
    private final List<FieldProblem> problems = new ArrayList<>();

    private KubernetesManifest(ExecutorMode mode) {
        this.mode = mode;
    }

    /** Whether the tree is a {@code batch/v1} CronJob or Job. */
    static boolean isJobManifest(JsonNode tree) {
        String kind = tree.path("kind").asText("");
        return BATCH_V1.equals(tree.path("apiVersion").asText()) && (kind.equals("CronJob") || kind.equals("Job"));
    }

    /**
     * Whether the tree looks like another Kubernetes object: an apiVersion that is not Tock's (a {@code tock/v2} is
     * Tock's, and refused by the validator, not left out) and a kind.
     */
    static boolean isKubernetesObject(JsonNode tree) {
        String apiVersion = tree.path("apiVersion").asText("");
        return tree.isObject() && !apiVersion.isEmpty() && !apiVersion.startsWith("tock/") && tree.hasNonNull("kind");
    }

    /** The Schedule for a CronJob, the Job for a Job; throws {@link Refused} listing every problem. */
    static Translation translate(JsonNode tree, ExecutorMode mode) {
        KubernetesManifest manifest = new KubernetesManifest(mode);
        ObjectNode document = tree.path("kind").asText().equals("CronJob") ? manifest.cronJob(tree) : manifest.job(tree);
        if (!manifest.problems.isEmpty()) {
            throw new Refused(manifest.problems);
        }
        return new Translation(document, List.copyOf(manifest.warnings));
    }

    private ObjectNode cronJob(JsonNode tree) {
        JsonNode metadata = tree.path("metadata");
        ObjectNode doc = envelope("Schedule", metadata);
        ObjectNode spec = doc.putObject("spec");
        JsonNode cron = tree.path("spec");
        spec.put("schedule", schedule(cron.path("schedule")));
        copyText(cron, "timeZone", spec, "timeZone");
        if (cron.hasNonNull("concurrencyPolicy")) {
            spec.put("overlap", cron.get("concurrencyPolicy").asText().toLowerCase(Locale.ROOT));
        }
        copy(cron, "startingDeadlineSeconds", spec, "startingDeadlineSeconds");
        copy(cron, "suspend", spec, "suspend");
        copy(cron, "successfulJobsHistoryLimit", spec, "successfulJobsHistoryLimit");
        copy(cron, "failedJobsHistoryLimit", spec, "failedJobsHistoryLimit");
        unhonoured(cron, CRON_FIELDS, "spec.", "not a CronJob field Tock knows");
        JsonNode template = cron.path("jobTemplate");
        ObjectNode jobTemplate = spec.putObject("jobTemplate");
        Map<String, String> labels = new LinkedHashMap<>();
        labelsOf(metadata, "metadata.", labels);
        labelsOf(template.path("metadata"), "spec.jobTemplate.metadata.", labels);
        jobSpec(name(metadata), namespace(metadata), template.path("spec"), "spec.jobTemplate.spec.", jobTemplate);
        if (!labels.isEmpty()) {
            JsonNode executor = jobTemplate.remove("executor");
            jobTemplate.set("labels", Jsons.JSON.valueToTree(labels));
            jobTemplate.set("executor", executor);
        }
        return doc;
    }

    private ObjectNode job(JsonNode tree) {
        JsonNode metadata = tree.path("metadata");
        ObjectNode doc = envelope("Job", metadata);
        Map<String, String> labels = new LinkedHashMap<>();
        labelsOf(metadata, "metadata.", labels);
        if (!labels.isEmpty()) {
            ((ObjectNode) doc.get("metadata")).set("labels", Jsons.JSON.valueToTree(labels));
        }
        JsonNode spec = tree.path("spec");
        if (spec.path("suspend").asBoolean(false)) {
            warn("spec.suspend", "not honoured: Tock enqueues the job to run (hold it with a paused queue instead)");
        }
        jobSpec(name(metadata), namespace(metadata), spec, "spec.", doc.putObject("spec"));
        return doc;
    }

    private ObjectNode envelope(String kind, JsonNode metadata) {
        ObjectNode doc = Jsons.JSON.createObjectNode().put("apiVersion", DocumentValidator.API_VERSION).put("kind", kind);
        ObjectNode meta = doc.putObject("metadata");
        meta.put("name", name(metadata));
        if (metadata.hasNonNull("namespace")) {
            meta.put("namespace", metadata.get("namespace").asText());
        }
        for (String field : List.of("generateName", "ownerReferences", "finalizers")) {
            if (metadata.has(field)) {
                warn("metadata." + field, "not honoured: Tock names the object by metadata.name");
            }
        }
        return doc;
    }

    private String name(JsonNode metadata) {
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            problems.add(new FieldProblem("metadata.name", "is required (Tock does not generate names; generateName is not enough)"));
            return "unnamed";
        }
        return name;
    }

    private static String namespace(JsonNode metadata) {
        return metadata.path("namespace").asText("");
    }

    /** A cron spec; a {@code TZ=} or {@code CRON_TZ=} prefix is refused, as Kubernetes refuses it since 1.29. */
    private String schedule(JsonNode node) {
        String text = node.asText("");
        if (text.isBlank()) {
            problems.add(new FieldProblem("spec.schedule", "is required"));
            return text;
        }
        var prefix = TZ_PREFIX.matcher(text);
        if (prefix.matches()) {
            problems.add(new FieldProblem("spec.schedule", "a " + prefix.group(1) + "= prefix is not supported: Kubernetes refuses it too "
                    + "(it was never officially supported, and the zone it named was read by the controller's own clock); give the zone "
                    + "as spec.timeZone: \"" + prefix.group(2) + "\" and the schedule as \"" + prefix.group(3) + "\""));
        }
        return text;
    }

    /**
     * A Kubernetes count such as {@code backoffLimit}: absent, or a whole number of at least {@code min}; anything else
     * is a problem naming {@code field} (it was read as the default, or as 0), and no value.
     */
    static Optional<Long> wholeNumber(JsonNode value, String field, long min, String meaning, List<FieldProblem> problems) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asLong() < min) {
            problems.add(new FieldProblem(field, "must be " + (min == 0 ? "a non-negative" : "a positive") + " integer (" + meaning
                    + "), was " + value));
            return Optional.empty();
        }
        return Optional.of(value.asLong());
    }

    /** The fields of a Job spec on a tock/v1 Job spec or job template. */
    private void jobSpec(String name, String namespace, JsonNode spec, String at, ObjectNode out) {
        out.put("type", name);
        long backoffLimit = wholeNumber(spec.get("backoffLimit"), at + "backoffLimit", 0, "the retries after the first attempt", problems)
                .orElse((long) DEFAULT_BACKOFF_LIMIT);
        ObjectNode retry = out.putObject("retry");
        retry.put("maxAttempts", backoffLimit + 1).put("initialBackoff", K8S_INITIAL_BACKOFF).put("maxBackoff", K8S_MAX_BACKOFF)
                .put("multiplier", 2.0).put("jitter", 0.0);
        wholeNumber(spec.get("activeDeadlineSeconds"), at + "activeDeadlineSeconds", 1, "seconds", problems)
                .ifPresent(seconds -> out.put("activeDeadline", Durations.format(Duration.ofSeconds(seconds))));
        wholeNumber(spec.get("ttlSecondsAfterFinished"), at + "ttlSecondsAfterFinished", 0, "seconds", problems)
                .ifPresent(seconds -> out.put("retention", Durations.format(Duration.ofSeconds(seconds))));
        ObjectNode executor;
        if (mode == ExecutorMode.KUBERNETES) {
            // The Kubernetes executor reads podFailurePolicy from its jobTemplate itself (FailJob, Ignore, disruptions).
            executor = kubernetesExecutor(namespace, spec, at);
        } else {
            executor = commandExecutor(spec, at);
            List<Integer> nonRetryable = PodFailurePolicy.nonRetryableExitCodes(spec.path("podFailurePolicy"), at + "podFailurePolicy",
                    warnings);
            if (!nonRetryable.isEmpty()) {
                ArrayNode codes = executor.putArray("nonRetryableExitCodes");
                nonRetryable.forEach(codes::add);
            }
        }
        out.set("executor", executor);
    }

    /** The Job spec as the Kubernetes executor creates it each attempt, less what Tock does itself. */
    private ObjectNode kubernetesExecutor(String namespace, JsonNode spec, String at) {
        ObjectNode executor = Jsons.JSON.createObjectNode().put("kind", "kubernetes");
        if (namespace.isEmpty()) {
            warn("metadata.namespace", "absent: the Kubernetes executor creates its Jobs in the Kubernetes namespace default "
                    + "(give metadata.namespace, or edit executor.namespace)");
        }
        executor.put("namespace", namespace.isEmpty() ? "default" : namespace);
        ObjectNode jobTemplate = spec.isObject() ? ((ObjectNode) spec).deepCopy() : Jsons.JSON.createObjectNode();
        TOCK_JOB_FIELDS.stream().filter(f -> !f.equals("podFailurePolicy")).forEach(jobTemplate::remove);
        jobTemplate.remove("suspend");
        JsonNode pod = jobTemplate.path("template").path("spec");
        if (pod.path("restartPolicy").asText().equals("OnFailure")) {
            // Each attempt is a Job of its own with restart policy Never; a pod restarted in place would hide attempts.
            ((ObjectNode) pod).remove("restartPolicy");
            warn(at + "template.spec.restartPolicy", "OnFailure becomes Never: Tock retries a failed pod as a new attempt, "
                    + "per retry.maxAttempts");
        }
        if (!jobTemplate.has("template")) {
            problems.add(new FieldProblem(at + "template", "is required (the pod template that does the work)"));
        }
        executor.set("jobTemplate", jobTemplate);
        return executor;
    }

    /** The first container's command, arguments, environment and working directory, run on a Tock node. */
    private ObjectNode commandExecutor(JsonNode spec, String at) {
        ObjectNode executor = Jsons.JSON.createObjectNode().put("kind", "command");
        String podAt = at + "template.spec.";
        JsonNode pod = spec.path("template").path("spec");
        JsonNode containers = pod.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            problems.add(new FieldProblem(podAt + "containers", "is required: --executor command runs the first container's command"));
            return executor;
        }
        JsonNode container = containers.get(0);
        String cAt = podAt + "containers[0].";
        ArrayNode argv = executor.putArray("command");
        container.path("command").forEach(argv::add);
        container.path("args").forEach(argv::add);
        if (!container.path("command").isArray() || container.path("command").isEmpty()) {
            problems.add(new FieldProblem(cAt + "command", "is required with --executor command: without it the image's entrypoint would "
                    + "run, which Tock cannot see; give the command, or use the kubernetes executor"));
        }
        if (container.hasNonNull("image")) {
            warn(cAt + "image", "not used: the command runs on the Tock node, not in the image " + container.get("image").asText());
        }
        copyText(container, "workingDir", executor, "workingDir");
        ObjectNode env = executor.putObject("env");
        JsonNode vars = container.path("env");
        for (int i = 0; i < vars.size(); i++) {
            envVar(vars.get(i), cAt + "env[" + i + "]", env);
        }
        for (String field : List.of("envFrom", "resources", "volumeMounts", "securityContext", "ports", "livenessProbe",
                "readinessProbe", "lifecycle")) {
            if (container.has(field)) {
                warn(cAt + field, "not honoured by the command executor");
            }
        }
        for (int i = 1; i < containers.size(); i++) {
            warn(podAt + "containers[" + i + "]", "not run: the command executor runs the first container only");
        }
        for (Iterator<String> it = pod.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("containers") && !field.equals("restartPolicy")) {
                warn(podAt + field, "not honoured by the command executor (a pod setting)");
            }
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOCK_JOB_FIELDS.contains(field) && !field.equals("template") && !field.equals("suspend")) {
                warn(at + field, "not honoured by the command executor (Tock runs one attempt at a time)");
            }
        }
        return executor;
    }

    /** A variable's value, or a Secret reference (which must name a Tock Secret); other sources are warned of. */
    private void envVar(JsonNode var, String at, ObjectNode env) {
        String name = var.path("name").asText("");
        if (var.has("value")) {
            env.put(name, var.get("value").asText());
        } else if (var.path("valueFrom").has("secretKeyRef")) {
            JsonNode ref = var.path("valueFrom").path("secretKeyRef");
            env.putObject(name).putObject("valueFrom").putObject("secretKeyRef")
                    .put("name", ref.path("name").asText()).put("key", ref.path("key").asText());
            warn(at + ".valueFrom.secretKeyRef", "read from the Tock Secret " + ref.path("name").asText()
                    + " of the same namespace: create it (kind: Secret) with the key " + ref.path("key").asText());
        } else {
            warn(at + ".valueFrom", "not honoured: only value and secretKeyRef are carried over (" + name + " is left out)");
        }
    }

    /** Labels and annotations, as Tock labels where they fit; a key or value that does not fit is a warning. */
    private void labelsOf(JsonNode metadata, String at, Map<String, String> labels) {
        for (String field : List.of("labels", "annotations")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = metadata.path(field).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = at + field + "." + e.getKey();
                if (e.getKey().equals(LAST_APPLIED)) {
                    warn(where, "left out: kubectl's copy of the whole manifest");
                } else if (!fitsLabel(e.getKey(), e.getValue().asText())) {
                    warn(where, "left out: a Tock label key is at most 63 characters of letters, digits, '_', '.', '/' and '-', "
                            + "its value at most " + Names.MAX_LABEL_VALUE_LENGTH + " characters");
                } else if (labels.size() >= Names.MAX_LABELS) {
                    warn(where, "left out: a job has at most " + Names.MAX_LABELS + " labels");
                } else {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            }
        }
    }

    private static boolean fitsLabel(String key, String value) {
        try {
            Names.requireLabelKey(key);
            return value.length() <= Names.MAX_LABEL_VALUE_LENGTH;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void unhonoured(JsonNode spec, Set<String> known, String at, String why) {
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                warn(at + field, "not honoured: " + why);
            }
        }
    }

    private void warn(String field, String message) {
        warnings.add(new FieldProblem(field, message));
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field)) {
            to.set(as, from.get(field).deepCopy());
        }
    }

    private static void copyText(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field)) {
            to.put(as, from.get(field).asText());
        }
    }
}

package dev.tock.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a job as one Kubernetes {@code batch/v1} Job per attempt, in {@code namespace}, from
 * {@code jobTemplate} (a Job's {@code spec}, as in a CronJob's {@code jobTemplate.spec}). Retries are
 * Tock's: the created Job has {@code backoffLimit: 0}. Only nodes started with
 * {@code kubernetes-executor-enabled} and a {@code kubernetes-executor-namespaces} list that holds the
 * namespace accept and run these jobs; the node that runs them needs the {@code tock-kubernetes} module.
 *
 * <p>The core checks the template's shape only (one pod of containers with images, restart policy
 * {@code Never}); the executor's module reads it as a full JobSpec when the job is created.
 *
 * @param namespace the Kubernetes namespace the Jobs are created in
 * @param jobTemplate the JobSpec; {@code env} inside it keeps its Kubernetes meaning (Kubernetes Secrets)
 * @param env variables Tock adds to every container; values of names that look secret are redacted where shown
 * @param envFromSecrets variables whose values Tock reads from its own Secrets when each attempt starts and
 *     adds to every container; never stored with the job, but written into the created Job's pod spec, so
 *     whoever can read Jobs in that namespace can read them
 */
public record KubernetesExecutor(String namespace, ObjectNode jobTemplate, Map<String, String> env,
                                 Map<String, SecretKeyRef> envFromSecrets) implements Executor {
    /** A namespace name, as Kubernetes allows it (an RFC 1123 label). */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]{0,127}");
    public static final int MAX_TEMPLATE_BYTES = 64 * 1024;
    public static final int MAX_ENV = 100;
    private static final EnvironmentCheck ENVIRONMENT = new EnvironmentCheck(MAX_ENV, ENV_NAME, "a variable name Kubernetes accepts");
    private static final String TEMPLATE = "executor.jobTemplate";

    public KubernetesExecutor {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new InvalidJobException("executor.namespace", "is required: a Kubernetes namespace name (lower-case letters,"
                    + " digits and '-', at most 63), was " + (namespace == null ? "null" : "\"" + namespace + "\""));
        }
        checkTemplate(jobTemplate);
        jobTemplate = jobTemplate.deepCopy();
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        envFromSecrets = envFromSecrets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(envFromSecrets));
        ENVIRONMENT.check(env, envFromSecrets);
    }

    @Override
    public String kind() {
        return KUBERNETES;
    }

    @Override
    public Map<String, SecretKeyRef> secretRefs() {
        Map<String, SecretKeyRef> refs = new LinkedHashMap<>();
        envFromSecrets.forEach((name, ref) -> refs.put("executor.env." + name, ref));
        return refs;
    }

    /**
     * The name of the Kubernetes Job of one attempt, {@code tock-<job id>-<attempt>}: at most 46 characters,
     * a valid Job name and label value. An attempt that adopted the Job of an earlier one watches that Job.
     */
    public static String jobName(JobId id, int attempt) {
        return "tock-" + id + "-" + attempt;
    }

    /** The template, a copy: the record's own stays as it was checked. */
    @Override
    public ObjectNode jobTemplate() {
        return jobTemplate.deepCopy();
    }

    /** The images of the template's containers, in order, for showing what runs. */
    public java.util.List<String> images() {
        return Stream.of(jobTemplate.path("template").path("spec").path("containers"))
                .flatMap(c -> java.util.stream.StreamSupport.stream(c.spliterator(), false))
                .map(c -> c.path("image").asText()).toList();
    }

    /** The variables with every secret-looking value replaced by {@value Redaction#REDACTED}. */
    public Map<String, String> redactedEnv() {
        Map<String, String> shown = new LinkedHashMap<>();
        env.forEach((name, value) -> shown.put(name, Redaction.looksSecret(name) ? Redaction.REDACTED : value));
        return Collections.unmodifiableMap(shown);
    }

    private static void checkTemplate(ObjectNode template) {
        if (template == null) {
            throw new InvalidJobException(TEMPLATE, "is required: a batch/v1 JobSpec with template.spec.containers");
        }
        if (template.toString().getBytes(StandardCharsets.UTF_8).length > MAX_TEMPLATE_BYTES) {
            throw new InvalidJobException(TEMPLATE, "must be at most " + MAX_TEMPLATE_BYTES + " bytes as JSON");
        }
        JsonNode spec = template.path("template").path("spec");
        if (!spec.isObject()) {
            throw new InvalidJobException(TEMPLATE + ".template.spec", "is required: the pod spec, with containers");
        }
        JsonNode containers = spec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            throw new InvalidJobException(TEMPLATE + ".template.spec.containers", "must be a non-empty array of containers");
        }
        for (int i = 0; i < containers.size(); i++) {
            String at = TEMPLATE + ".template.spec.containers[" + i + "]";
            JsonNode c = containers.get(i);
            if (!c.path("name").isTextual() || c.path("name").asText().isBlank()) {
                throw new InvalidJobException(at + ".name", "is required");
            }
            if (!c.path("image").isTextual() || c.path("image").asText().isBlank()) {
                throw new InvalidJobException(at + ".image", "is required: the container image to run");
            }
        }
        JsonNode restart = spec.path("restartPolicy");
        if (!restart.isMissingNode() && !restart.asText().equals("Never")) {
            throw new InvalidJobException(TEMPLATE + ".template.spec.restartPolicy", "must be Never (or left out): Tock makes"
                    + " each attempt a Job of its own, and a pod restarted in place would hide attempts from it");
        }
        requireAtMostOne(template, "backoffLimit", 0, "retries are Tock's: set retry.maxAttempts (backoffLimit + 1) instead");
        requireAtMostOne(template, "completions", 1, "Tock runs one pod per attempt");
        requireAtMostOne(template, "parallelism", 1, "Tock runs one pod per attempt");
    }

    private static void requireAtMostOne(JsonNode template, String field, int allowed, String why) {
        JsonNode value = template.path(field);
        if (!value.isMissingNode() && !value.isNull() && !(value.canConvertToInt() && value.asInt() == allowed)) {
            throw new InvalidJobException(TEMPLATE + "." + field, "must be " + allowed + " or left out: " + why + "; was " + value);
        }
    }
}

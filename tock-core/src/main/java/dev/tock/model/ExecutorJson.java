package dev.tock.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one JSON form of an {@link Executor}, used on the wire and in the store:
 * <pre>
 * {"kind": "http", "method": "POST", "url": "https://...", "headers": {...}, "secretHeaders": [...],
 *  "body": "{{payload}}", "timeout": "10s", "successStatus": ["2xx", 304],
 *  "signingSecret": {"valueFrom": {"secretKeyRef": {"name": "hooks", "key": "signing"}}}}
 * {"kind": "command", "command": ["/usr/bin/backup", "--full"] | "shell": "script", "env": {...},
 *  "workingDir": "/srv", "timeout": "5m", "killGrace": "5s", "nonRetryableExitCodes": [42]}
 * {"kind": "kubernetes", "namespace": "batch", "jobTemplate": {batch/v1 JobSpec}, "env": {...}}
 * </pre>
 * A value of {@code headers} or {@code env} is a string, or a reference to a Secret's key that is read when
 * the attempt runs: {@code {"valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}}.
 * {@code {"kind": "handler"}} means no executor. Reading is strict: unknown fields and wrong types are
 * refused with an {@link InvalidJobException} naming {@code executor.FIELD}.
 */
public final class ExecutorJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HTTP_FIELDS = Set.of("kind", "method", "url", "headers", "secretHeaders", "body", "timeout",
            "successStatus", "signingSecret");
    private static final Set<String> COMMAND_FIELDS = Set.of("kind", "command", "shell", "env", "workingDir", "timeout", "killGrace",
            "nonRetryableExitCodes");
    private static final Set<String> KUBERNETES_FIELDS = Set.of("kind", "namespace", "jobTemplate", "env");
    private static final String VALUE_FROM = "valueFrom";
    private static final String SECRET_KEY_REF = "secretKeyRef";

    private ExecutorJson() {
    }

    /** Reads an executor; empty for {@code {"kind": "handler"}} or a JSON null. */
    public static Optional<Executor> read(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new InvalidJobException("executor", "must be an object such as {\"kind\": \"http\", \"url\": \"https://...\"}");
        }
        String kind = text(node, "kind").orElseThrow(() -> new InvalidJobException("executor.kind",
                "is required: " + Executor.HTTP + ", " + Executor.COMMAND + ", " + Executor.KUBERNETES + " or " + Executor.HANDLER));
        return switch (kind) {
            case Executor.HTTP -> Optional.of(http(node));
            case Executor.COMMAND -> Optional.of(command(node));
            case Executor.KUBERNETES -> Optional.of(kubernetes(node));
            case Executor.HANDLER -> {
                onlyFields(node, Set.of("kind"));
                yield Optional.empty();
            }
            default -> throw new InvalidJobException("executor.kind", "\"" + kind + "\" is not one of "
                    + Executor.HTTP + ", " + Executor.COMMAND + ", " + Executor.KUBERNETES + ", " + Executor.HANDLER);
        };
    }

    /** Reads an executor from stored JSON text; null text means none. */
    public static Optional<Executor> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return read(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new InvalidJobException("executor", "is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The JSON form; with {@code redact}, secret header and variable values are replaced by
     * {@value Redaction#REDACTED}. References to Secrets are written as they are (they hold no value).
     */
    public static ObjectNode write(Executor executor, boolean redact) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", executor.kind());
        switch (executor) {
            case HttpExecutor h -> writeHttp(node, h, redact);
            case CommandExecutor c -> writeCommand(node, c, redact);
            case KubernetesExecutor k -> writeKubernetes(node, k, redact);
        }
        return node;
    }

    /** The stored text: nothing redacted. */
    public static String text(Executor executor) {
        return write(executor, false).toString();
    }

    private static void writeHttp(ObjectNode node, HttpExecutor h, boolean redact) {
        node.put("method", h.method());
        node.put("url", h.url().toString());
        ObjectNode headers = node.putObject("headers");
        (redact ? h.redactedHeaders() : h.headers()).forEach(headers::put);
        h.headersFromSecrets().forEach((name, ref) -> writeRef(headers.putObject(name), ref));
        if (!h.secretHeaders().isEmpty()) {
            ArrayNode secret = node.putArray("secretHeaders");
            h.secretHeaders().forEach(secret::add);
        }
        h.body().ifPresent(b -> node.put("body", b));
        h.timeout().ifPresent(t -> node.put("timeout", Durations.format(t)));
        ArrayNode statuses = node.putArray("successStatus");
        writeStatuses(h.successStatus(), statuses);
        h.signingSecret().ifPresent(ref -> writeRef(node.putObject("signingSecret"), ref));
    }

    private static void writeCommand(ObjectNode node, CommandExecutor c, boolean redact) {
        if (c.shell().isPresent()) {
            node.put("shell", c.shell().get());
        } else {
            ArrayNode argv = node.putArray("command");
            c.argv().forEach(argv::add);
        }
        ObjectNode env = node.putObject("env");
        (redact ? c.redactedEnv() : c.env()).forEach(env::put);
        c.envFromSecrets().forEach((name, ref) -> writeRef(env.putObject(name), ref));
        c.workingDir().ifPresent(d -> node.put("workingDir", d));
        c.timeout().ifPresent(t -> node.put("timeout", Durations.format(t)));
        node.put("killGrace", Durations.format(c.killGrace()));
        if (!c.nonRetryableExitCodes().isEmpty()) {
            ArrayNode codes = node.putArray("nonRetryableExitCodes");
            c.nonRetryableExitCodes().forEach(codes::add);
        }
    }

    private static void writeKubernetes(ObjectNode node, KubernetesExecutor k, boolean redact) {
        node.put("namespace", k.namespace());
        node.set("jobTemplate", k.jobTemplate());
        if (!k.env().isEmpty() || !k.envFromSecrets().isEmpty()) {
            ObjectNode env = node.putObject("env");
            (redact ? k.redactedEnv() : k.env()).forEach(env::put);
            k.envFromSecrets().forEach((name, ref) -> writeRef(env.putObject(name), ref));
        }
    }

    private static KubernetesExecutor kubernetes(JsonNode node) {
        onlyFields(node, KUBERNETES_FIELDS);
        JsonNode template = node.get("jobTemplate");
        if (template != null && !template.isNull() && !template.isObject()) {
            throw new InvalidJobException("executor.jobTemplate", "must be an object: a batch/v1 JobSpec");
        }
        Values env = values(node, "env");
        return new KubernetesExecutor(text(node, "namespace").orElse(null), (ObjectNode) (template == null || template.isNull() ? null : template),
                env.plain(), env.fromSecrets());
    }

    private static void writeRef(ObjectNode value, SecretKeyRef ref) {
        value.putObject(VALUE_FROM).putObject(SECRET_KEY_REF).put("name", ref.name()).put("key", ref.key());
    }

    /** Whole hundreds as {@code "2xx"}, other statuses one by one. */
    private static void writeStatuses(Set<Integer> statuses, ArrayNode out) {
        for (int hundred = 100; hundred < 600; hundred += 100) {
            int first = hundred;
            boolean whole = true;
            for (int s = first; s < first + 100 && whole; s++) {
                whole = statuses.contains(s);
            }
            if (whole) {
                out.add(first / 100 + "xx");
            } else {
                statuses.stream().filter(s -> s >= first && s < first + 100).forEach(out::add);
            }
        }
    }

    private static HttpExecutor http(JsonNode node) {
        onlyFields(node, HTTP_FIELDS);
        Values headers = values(node, "headers");
        return new HttpExecutor(text(node, "method").orElse(null),
                HttpExecutor.parseUrl(text(node, "url").orElse(null)),
                headers.plain(), headers.fromSecrets(), new TreeSet<>(stringList(node, "secretHeaders")),
                text(node, "body"), duration(node, "timeout"), statuses(node), signingSecret(node));
    }

    private static CommandExecutor command(JsonNode node) {
        onlyFields(node, COMMAND_FIELDS);
        Values env = values(node, "env");
        return new CommandExecutor(stringList(node, "command"), text(node, "shell"), env.plain(), env.fromSecrets(),
                text(node, "workingDir"), duration(node, "timeout"), duration(node, "killGrace").orElse(null), exitCodes(node));
    }

    private static void onlyFields(JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidJobException("executor." + name, "unknown field of a " + node.path("kind").asText()
                        + " executor (known fields: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidJobException("executor." + field, "must be a string");
        }
        return Optional.of(value.asText());
    }

    private static Optional<Duration> duration(JsonNode node, String field) {
        return text(node, field).map(t -> {
            try {
                return Durations.parse(t);
            } catch (IllegalArgumentException e) {
                throw new InvalidJobException("executor." + field, e.getMessage());
            }
        });
    }

    private static List<String> stringList(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidJobException("executor." + field, "must be an array of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidJobException("executor." + field, "must be an array of strings");
            }
            list.add(item.asText());
        }
        return list;
    }

    /** The values of {@code headers} or {@code env}: strings, and references to Secrets. */
    private record Values(Map<String, String> plain, Map<String, SecretKeyRef> fromSecrets) {
    }

    private static Values values(JsonNode node, String field) {
        JsonNode value = node.get(field);
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, SecretKeyRef> fromSecrets = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return new Values(plain, fromSecrets);
        }
        if (!value.isObject()) {
            throw new InvalidJobException("executor." + field, "must be an object of strings or {\"valueFrom\": {\"secretKeyRef\": ...}}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isTextual()) {
                plain.put(e.getKey(), e.getValue().asText());
            } else {
                fromSecrets.put(e.getKey(), secretRef(e.getValue(), "executor." + field + "." + e.getKey()));
            }
        }
        return new Values(plain, fromSecrets);
    }

    /** A webhook's {@code signingSecret}: only a reference to a Secret, never a value in the spec. */
    private static Optional<SecretKeyRef> signingSecret(JsonNode node) {
        JsonNode value = node.get("signingSecret");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(secretRef(value, "executor.signingSecret"));
    }

    /** {@code {"valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}}; errors name the field below {@code at}. */
    private static SecretKeyRef secretRef(JsonNode value, String at) {
        String shape = "must be a string or {\"valueFrom\": {\"secretKeyRef\": {\"name\": SECRET, \"key\": KEY}}}";
        JsonNode ref = value.path(VALUE_FROM).path(SECRET_KEY_REF);
        if (!value.isObject() || value.size() != 1 || !value.path(VALUE_FROM).isObject() || value.path(VALUE_FROM).size() != 1
                || !ref.isObject()) {
            throw new InvalidJobException(at, shape);
        }
        for (Iterator<String> names = ref.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("name") && !name.equals("key")) {
                throw new InvalidJobException(at + ".valueFrom.secretKeyRef." + name, "unknown field (known fields: key, name)");
            }
        }
        String name = refText(ref, "name", at);
        String key = refText(ref, "key", at);
        try {
            return new SecretKeyRef(name, key);
        } catch (InvalidJobException e) {
            String detail = e.getMessage().substring(e.field().length() + 2);
            throw new InvalidJobException(at + ".valueFrom." + e.field(), detail);
        }
    }

    private static String refText(JsonNode ref, String field, String at) {
        JsonNode value = ref.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidJobException(at + ".valueFrom.secretKeyRef." + field, "is required (a string)");
        }
        return value.asText();
    }

    /** A command's non-retryable exit codes: integers. */
    private static Set<Integer> exitCodes(JsonNode node) {
        JsonNode value = node.get("nonRetryableExitCodes");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidJobException("executor.nonRetryableExitCodes", "must be an array of exit codes such as [42]");
        }
        Set<Integer> codes = new TreeSet<>();
        for (JsonNode item : value) {
            if (!item.isInt()) {
                throw new InvalidJobException("executor.nonRetryableExitCodes", "\"" + item + "\" is not an exit code such as 42");
            }
            codes.add(item.asInt());
        }
        return codes;
    }

    /** Status codes and {@code "2xx"}-style classes. */
    private static Set<Integer> statuses(JsonNode node) {
        JsonNode value = node.get("successStatus");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidJobException("executor.successStatus", "must be an array of statuses such as [200, 204] or [\"2xx\"]");
        }
        Set<Integer> codes = new TreeSet<>();
        for (JsonNode item : value) {
            if (item.isInt()) {
                codes.add(item.asInt());
            } else if (item.isTextual() && item.asText().matches("[1-5]xx")) {
                int first = (item.asText().charAt(0) - '0') * 100;
                codes.addAll(HttpExecutor.statusRange(first, first + 99));
            } else {
                throw new InvalidJobException("executor.successStatus", "\"" + item + "\" is neither a status such as 204 nor a class such as \"2xx\"");
            }
        }
        if (codes.isEmpty()) {
            throw new InvalidJobException("executor.successStatus", "must name at least one status");
        }
        return codes;
    }
}

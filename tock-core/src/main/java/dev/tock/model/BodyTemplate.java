package dev.tock.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of an HTTP executor's request: text with placeholders filled in from the job.
 *
 * <ul>
 *   <li>{@code {{payload}}}: the whole payload as JSON;</li>
 *   <li>{@code {{payload.a.b}}} (array elements by index, {@code payload.items.0}): a string as it is,
 *       any other value as JSON, nothing when absent;</li>
 *   <li>{@code {{payload.a | json}}}: the value as JSON even when it is a string ({@code null} when absent),
 *       to place text inside a JSON template safely;</li>
 *   <li>{@code {{job.id}}}, {@code {{job.type}}}, {@code {{job.queue}}}, {@code {{job.namespace}}},
 *       {@code {{job.attempt}}}, {@code {{job.runAt}}} (when it was due: after a retry, the retry's time),
 *       {@code {{job.nominalTime}}} (the schedule's fire time a scheduled job runs for, the same in every
 *       attempt; nothing for a job no schedule fired).</li>
 * </ul>
 * A template that names anything else is refused when the job or schedule is created.
 */
public final class BodyTemplate {
    public static final String WHOLE_PAYLOAD = "{{payload}}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*(\\|\\s*json\\s*)?}}");
    private static final Pattern PAYLOAD_PATH = Pattern.compile("payload(\\.[A-Za-z0-9_\\-]+)*");
    private static final Set<String> JOB_FIELDS = Set.of("job.id", "job.type", "job.queue", "job.namespace", "job.attempt", "job.runAt",
            "job.nominalTime");

    private final List<Part> parts;

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String name, boolean asJson) implements Part {
    }

    private BodyTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Parses a template; an unknown placeholder or a stray {@code {{} fails naming {@code executor.body}. */
    public static BodyTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            parts.add(new Literal(literal(template.substring(at, m.start()))));
            String name = m.group(1);
            if (!JOB_FIELDS.contains(name) && !PAYLOAD_PATH.matcher(name).matches()) {
                throw new InvalidJobException("executor.body", "unknown placeholder {{" + name + "}} (use payload, payload.FIELD, "
                        + String.join(", ", new java.util.TreeSet<>(JOB_FIELDS)) + ")");
            }
            parts.add(new Placeholder(name, m.group(2) != null));
            at = m.end();
        }
        parts.add(new Literal(literal(template.substring(at))));
        return new BodyTemplate(parts);
    }

    private static String literal(String text) {
        if (text.contains("{{")) {
            throw new InvalidJobException("executor.body", "has a \"{{\" that starts no placeholder of the form {{payload.field}}");
        }
        return text;
    }

    /** The body for one attempt of {@code job}. */
    public String render(Job job) {
        JsonNode payload = null;
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal l -> out.append(l.text());
                case Placeholder p when p.name().startsWith("job.") -> out.append(jobField(job, p.name(), p.asJson()));
                case Placeholder p -> {
                    if (p.name().equals("payload") && !p.asJson()) {
                        out.append(job.payload());
                        continue;
                    }
                    if (payload == null) {
                        payload = readPayload(job.payload());
                    }
                    out.append(payloadValue(payload, p));
                }
            }
        }
        return out.toString();
    }

    private static String jobField(Job job, String name, boolean asJson) {
        if (name.equals("job.nominalTime") && job.nominalTime().isEmpty()) {
            return asJson ? "null" : "";
        }
        String value = switch (name) {
            case "job.id" -> job.id().toString();
            case "job.type" -> job.type();
            case "job.queue" -> job.queue();
            case "job.namespace" -> job.namespace();
            case "job.attempt" -> Integer.toString(job.attempts());
            case "job.nominalTime" -> job.nominalTime().orElseThrow().toString();
            default -> job.runAt().toString();
        };
        return asJson && !name.equals("job.attempt") ? JSON.getNodeFactory().textNode(value).toString() : value;
    }

    private static String payloadValue(JsonNode payload, Placeholder p) {
        JsonNode node = payload;
        String[] steps = p.name().split("\\.");
        for (int i = 1; i < steps.length && node != null; i++) {
            node = node.isArray() && steps[i].chars().allMatch(Character::isDigit) ? node.get(Integer.parseInt(steps[i]))
                    : node.get(steps[i]);
        }
        if (node == null || node.isMissingNode()) {
            return p.asJson() ? "null" : "";
        }
        return node.isTextual() && !p.asJson() ? node.asText() : node.toString();
    }

    private static JsonNode readPayload(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().missingNode();
        }
    }
}

package dev.tock.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a job names its concurrency key: literal text, or text with {@code {{payload.field}}} parts that
 * take values from the job's payload when the job is stored. Parsed when a job or template is created,
 * so a template that can never resolve (bad syntax, a root other than {@code payload}) is refused then.
 *
 * @param template the text as written, e.g. {@code tenant-{{payload.tenant}}}
 */
public record ConcurrencyKey(String template) {
    public static final int MAX_LENGTH = 255;
    private static final Pattern PART = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern PATH = Pattern.compile("payload(\\.[A-Za-z0-9_-]+)+");
    private static final ObjectMapper JSON = new ObjectMapper();

    public ConcurrencyKey {
        if (template == null || template.isEmpty() || template.length() > MAX_LENGTH) {
            throw new InvalidJobException("concurrencyKey", "must be 1-" + MAX_LENGTH + " characters");
        }
        Matcher m = PART.matcher(template);
        while (m.find()) {
            String path = m.group(1).trim();
            if (!PATH.matcher(path).matches()) {
                throw new InvalidJobException("concurrencyKey",
                        "{{" + m.group(1) + "}} must name a payload field, like {{payload.tenant}}");
            }
        }
        String rest = PART.matcher(template).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            throw new InvalidJobException("concurrencyKey", "unbalanced {{ }} in " + template);
        }
    }

    /** The key for a job with this payload; a field the payload lacks makes the key {@code ""}, with a note saying so. */
    public KeyAssignment resolve(String payload) {
        Matcher m = PART.matcher(template);
        if (!m.find()) {
            return new KeyAssignment(template, Optional.empty());
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (Exception e) {
            return missing("the payload is not JSON");
        }
        StringBuilder key = new StringBuilder();
        List<String> absent = new ArrayList<>();
        m.reset();
        while (m.find()) {
            String path = m.group(1).trim();
            JsonNode node = root;
            for (String field : path.substring("payload.".length()).split("\\.")) {
                node = node == null ? null : node.get(field);
            }
            if (node == null || node.isNull() || node.isContainerNode()) {
                absent.add(path);
                m.appendReplacement(key, "");
            } else {
                m.appendReplacement(key, Matcher.quoteReplacement(node.asText()));
            }
        }
        m.appendTail(key);
        if (!absent.isEmpty()) {
            return missing(String.join(", ", absent) + " missing from the payload");
        }
        String value = key.length() > MAX_LENGTH ? key.substring(0, MAX_LENGTH) : key.toString();
        return new KeyAssignment(value, Optional.empty());
    }

    private KeyAssignment missing(String why) {
        return new KeyAssignment("", Optional.of("concurrencyKey " + template + ": " + why + "; runs under key \"\""));
    }
}

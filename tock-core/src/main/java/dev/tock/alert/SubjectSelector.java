package dev.tock.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which subjects a rule watches: a kind, and a name, a job type and labels that must all match. Names and
 * types may use {@code *} for any characters; {@code *} alone matches every one.
 */
public record SubjectSelector(SubjectKind kind, String name, String type, Map<String, String> labels) {

    public SubjectSelector {
        labels = Map.copyOf(labels);
    }

    public boolean matches(Subject subject) {
        return subject.kind() == kind && glob(name, subject.name()) && glob(type, subject.type())
                && labels.entrySet().stream().allMatch(e -> e.getValue().equals(subject.labels().get(e.getKey())));
    }

    /** True when the name is a single subject, not a pattern. */
    public boolean exactName() {
        return !name.contains("*");
    }

    static boolean glob(String pattern, String text) {
        if (pattern.equals("*")) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            regex.append(Pattern.quote(part)).append(".*");
        }
        return Pattern.matches(regex.substring(0, regex.length() - 2), text == null ? "" : text);
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("kind", kind.wireName()).put("name", name).put("type", type);
        ObjectNode l = json.putObject("labels");
        new java.util.TreeMap<>(labels).forEach(l::put);
        return json;
    }
}

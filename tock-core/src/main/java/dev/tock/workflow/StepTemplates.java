package dev.tock.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a step's payload, executor and {@code forEach}: {@code {{inputs.x}}},
 * {@code {{steps.a.output.x}}}, {@code {{item}}} and {@code {{item.x}}}. A string that is nothing but one
 * placeholder becomes the value itself (a list stays a list); a placeholder inside longer text is replaced by
 * the value's text; in an executor's text fields (a command, {@code env}, headers, the URL) a placeholder gives text
 * either way (a list or an object its JSON). Other placeholders (an executor's own {@code {{payload.x}}},
 * {@code {{job.id}}}) are left for the executor.
 */
final class StepTemplates {
    static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*((?:inputs|steps|item)(?:\\.[A-Za-z0-9_\\-]+)*)\\s*}}");
    /** The executor fields whose values are text: a placeholder there gives text, whatever it refers to. */
    private static final Set<String> EXECUTOR_TEXT_FIELDS = Set.of("command", "shell", "env", "workingDir", "url", "method", "headers");

    private StepTemplates() {
    }

    /** The references (without braces) in every string of {@code node}. */
    static List<String> references(JsonNode node) {
        List<String> found = new ArrayList<>();
        collect(node, found);
        return found;
    }

    static List<String> references(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static void collect(JsonNode node, List<String> found) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            found.addAll(references(node.textValue()));
        }
        node.elements().forEachRemaining(child -> collect(child, found));
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> found.addAll(references(name)));
        }
    }

    /** {@code node} with its placeholders filled in from {@code scope}. */
    static JsonNode render(JsonNode node, Scope scope, String field) {
        return render(node, scope, field, false);
    }

    /**
     * As {@link #render(JsonNode, Scope, String)}; with {@code asText}, a whole-string placeholder gives text whatever
     * it refers to, as one inside longer text does ({@link #text}).
     */
    private static JsonNode render(JsonNode node, Scope scope, String field, boolean asText) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            JsonNode value = renderText(node.textValue(), scope, field);
            return asText && !value.isTextual() ? JsonNodeFactory.instance.textNode(text(value)) : value;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.elements().forEachRemaining(e -> out.add(render(e, scope, field, asText)));
            return out;
        }
        if (node.isObject()) {
            return renderFields(node, scope, field, name -> asText);
        }
        return node;
    }

    /**
     * A step's executor with its placeholders filled in. In its text fields (a command's arguments, {@code env},
     * {@code headers}, the URL…) a placeholder that is the whole string gives text, as in longer text ({@code
     * "{{item}}"} of 3 gives {@code "3"}, a list its JSON): a command's argument can be nothing else. Elsewhere (an HTTP
     * body, a Kubernetes Job template) values keep their type, as in a payload.
     */
    static JsonNode renderExecutor(JsonNode executor, Scope scope, String field) {
        return executor != null && executor.isObject() ? renderFields(executor, scope, field, EXECUTOR_TEXT_FIELDS::contains)
                : render(executor, scope, field);
    }

    private static JsonNode renderFields(JsonNode object, Scope scope, String field, Predicate<String> asText) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.set(f.getKey(), render(f.getValue(), scope, field, asText.test(f.getKey())));
        }
        return out;
    }

    /** A string template's value: the referenced value itself when the string is one placeholder, else text. */
    static JsonNode renderText(String text, Scope scope, String field) {
        if (!text.contains("{{")) {
            return JsonNodeFactory.instance.textNode(text); // no placeholder: most strings of a payload, rendered per item
        }
        Matcher m = REFERENCE.matcher(text);
        if (m.matches()) {
            JsonNode value = scope.resolve(m.group(1), field);
            return value.isMissingNode() ? JsonNodeFactory.instance.nullNode() : value;
        }
        StringBuilder out = new StringBuilder();
        m.reset();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(text(scope.resolve(m.group(1), field))));
        }
        m.appendTail(out);
        return JsonNodeFactory.instance.textNode(out.toString());
    }

    /** A value as the text that stands for it in text: nothing for null or missing, a list or an object as its JSON. */
    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
    }
}

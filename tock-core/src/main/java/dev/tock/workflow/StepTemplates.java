package dev.tock.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a step's payload, executor and {@code forEach}: {@code {{inputs.x}}},
 * {@code {{steps.a.output.x}}}, {@code {{item}}} and {@code {{item.x}}}. A string that is nothing but one
 * placeholder becomes the value itself (a list stays a list); a placeholder inside longer text is replaced by
 * the value's text. Other placeholders (an executor's own {@code {{payload.x}}}, {@code {{job.id}}}) are left
 * for the executor.
 */
final class StepTemplates {
    static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*((?:inputs|steps|item)(?:\\.[A-Za-z0-9_\\-]+)*)\\s*}}");

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
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return renderText(node.textValue(), scope, field);
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.elements().forEachRemaining(e -> out.add(render(e, scope, field)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                out.set(f.getKey(), render(f.getValue(), scope, field));
            }
            return out;
        }
        return node;
    }

    /** A string template's value: the referenced value itself when the string is one placeholder, else text. */
    static JsonNode renderText(String text, Scope scope, String field) {
        Matcher m = REFERENCE.matcher(text);
        if (m.matches()) {
            JsonNode value = scope.resolve(m.group(1), field);
            return value.isMissingNode() ? JsonNodeFactory.instance.nullNode() : value;
        }
        StringBuilder out = new StringBuilder();
        m.reset();
        while (m.find()) {
            JsonNode value = scope.resolve(m.group(1), field);
            String replacement = value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return JsonNodeFactory.instance.textNode(out.toString());
    }
}

package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** One column of a table: its header and how a cell is read from one item of the server's answer. */
public record Column(String header, Function<JsonNode, String> cell) {
    static final String NONE = "-";
    private static final int MAX_CELL = 60;

    /** A text, number or boolean field; {@code -} when absent. */
    public static Column field(String header, String path) {
        return new Column(header, item -> text(at(item, path)));
    }

    /** A count in a map of counts (e.g. {@code jobs.ready}): 0 when the key is absent. */
    public static Column count(String header, String path) {
        return new Column(header, item -> {
            JsonNode node = at(item, path);
            return node.isMissingNode() || node.isNull() ? "0" : node.asText();
        });
    }

    /** A time field, shown to the second. */
    public static Column time(String header, String path) {
        return new Column(header, item -> toSecond(text(at(item, path))));
    }

    /** A long text field, cut to fit a line. */
    public static Column brief(String header, String path) {
        return new Column(header, item -> shorten(text(at(item, path))));
    }

    /** The value at a dotted path, e.g. {@code jobTemplate.type}; a missing node when any step is absent. */
    static JsonNode at(JsonNode item, String path) {
        JsonNode node = item;
        for (String step : path.split("\\.")) {
            node = node.path(step);
        }
        return node;
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return NONE;
        }
        if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            node.forEach(v -> joined.append(joined.isEmpty() ? "" : ",").append(v.asText()));
            return joined.isEmpty() ? NONE : joined.toString();
        }
        return node.isContainerNode() ? node.toString() : node.asText();
    }

    /** {@code 2026-01-31T09:00:00.123456Z} as {@code 2026-01-31T09:00:00Z}. */
    static String toSecond(String time) {
        int dot = time.indexOf('.');
        if (dot < 0 || !time.endsWith("Z")) {
            return time;
        }
        return time.substring(0, dot) + "Z";
    }

    static String shorten(String text) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() > MAX_CELL ? line.substring(0, MAX_CELL - 1) + "…" : line;
    }
}

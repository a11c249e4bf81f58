package dev.tock.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's path such as {@code /v1/namespaces/{ns}/jobs/{id}}: literal segments and whole-segment
 * parameters. A parameter matches one non-empty segment, percent-decoded.
 */
public record PathTemplate(String text, List<String> segments) {

    public PathTemplate {
        segments = List.copyOf(segments);
    }

    public static PathTemplate of(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with '/': " + text);
        }
        List<String> segments = split(text);
        for (String s : segments) {
            if (s.contains("{") && !isParameter(s)) {
                throw new IllegalArgumentException("a parameter must be a whole segment: " + text);
            }
        }
        return new PathTemplate(text, segments);
    }

    /** The parameter values when {@code path} matches, in template order. */
    public Optional<Map<String, String>> match(String path) {
        List<String> parts = split(path);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String segment = segments.get(i);
            String part = parts.get(i);
            if (isParameter(segment)) {
                String value = decode(part);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                params.put(parameterName(segment), value);
            } else if (!segment.equals(part)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** The parameter names, in order. */
    public List<String> parameters() {
        return segments.stream().filter(PathTemplate::isParameter).map(PathTemplate::parameterName).toList();
    }

    /** Literal segments count; when two templates match a path, the one with more literals wins. */
    int literalCount() {
        return (int) segments.stream().filter(s -> !isParameter(s)).count();
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static String parameterName(String segment) {
        return segment.substring(1, segment.length() - 1);
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/", -1)) {
            parts.add(p);
        }
        parts.remove(0); // the empty string before the leading '/'
        if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1); // a trailing '/' is ignored
        }
        return parts;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return part;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}

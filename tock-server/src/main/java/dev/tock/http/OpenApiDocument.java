package dev.tock.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.wire.Problem;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 document of a route table, generated from it so the two cannot drift apart: one
 * operation per route, request and response schemas from the DTO records, problems for errors.
 */
final class OpenApiDocument {
    private final Map<String, Object> schemas = new TreeMap<>();

    static Map<String, Object> of(List<Route> routes, String version) {
        return new OpenApiDocument().build(routes, version);
    }

    private Map<String, Object> build(List<Route> routes, String version) {
        Map<String, Object> paths = new TreeMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path().text(), p -> new LinkedHashMap<>());
            item.put(route.method().name().toLowerCase(java.util.Locale.ROOT), operation(route));
        }
        schema(Problem.class, false);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Tock API", "version", version,
                "description", "Durable, distributed job scheduling. Errors are application/problem+json (RFC 9457) "
                        + "with a `field` naming the refused request field."));
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", schemas));
        return doc;
    }

    private Map<String, Object> operation(Route route) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", route.operationId());
        op.put("summary", route.summary());
        op.put("tags", List.of(route.tag()));
        List<Object> parameters = new ArrayList<>();
        for (String name : route.path().parameters()) {
            parameters.add(Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        for (Route.QueryParam q : route.query()) {
            parameters.add(Map.of("name", q.name(), "in", "query", "required", false, "description", q.description(),
                    "schema", Map.of("type", q.type())));
        }
        if (route.operationId().equals("createJob")) {
            parameters.add(Map.of("name", JobRoutes.IDEMPOTENCY_KEY, "in", "header", "required", false,
                    "description", "a repeat with the same key in the namespace returns the first job with 200",
                    "schema", Map.of("type", "string")));
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        route.requestBody().ifPresent(type -> op.put("requestBody", Map.of("required", true,
                "content", Map.of(ApiResponse.JSON, Map.of("schema", schema(type, true))))));
        Map<String, Object> responses = new LinkedHashMap<>();
        Map<String, Object> success = new LinkedHashMap<>();
        success.put("description", route.summary());
        route.responseBody().ifPresent(type -> success.put("content", Map.of(ApiResponse.JSON, Map.of("schema", schema(type, false)))));
        responses.put(Integer.toString(route.successStatus()), success);
        Map<String, Object> problem = Map.of("description", "a problem (RFC 9457)",
                "content", Map.of(ApiResponse.PROBLEM_JSON, Map.of("schema", ref(Problem.class))));
        responses.put("default", problem);
        op.put("responses", responses);
        return op;
    }

    private Object schema(Type type, boolean strict) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(args[0], strict));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schema(args[1], strict));
            }
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return Map.of("type", "integer");
        }
        if (c == double.class || c == Double.class) {
            return Map.of("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == JsonNode.class || c == Object.class) {
            return Map.of("description", "any JSON value");
        }
        if (c.isRecord()) {
            String name = name(c);
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of()); // placeholder against recursion
                Map<String, Object> properties = new LinkedHashMap<>();
                for (RecordComponent rc : c.getRecordComponents()) {
                    properties.put(rc.getName(), schema(rc.getGenericType(), strict));
                }
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("type", "object");
                s.put("properties", properties);
                if (strict) {
                    s.put("additionalProperties", false);
                }
                schemas.put(name, s);
            }
            return ref(c);
        }
        return Map.of("type", "object");
    }

    private static Map<String, Object> ref(Class<?> c) {
        return Map.of("$ref", "#/components/schemas/" + name(c));
    }

    private static String name(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName() : c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName();
    }
}

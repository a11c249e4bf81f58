package dev.tock.http;

import dev.tock.http.wire.ApiProblem;
import dev.tock.http.wire.Json;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request that matched a route: its path parameters, query, headers and body, read on demand
 * within the size limit. Carries the caller's principal once authentication exists (empty now).
 */
public final class ApiRequest {
    private final Route route;
    private final String path;
    private final Map<String, String> parameters;
    private final Map<String, List<String>> query;
    private final Function<String, String> headers;
    private final RequestBody body;
    private final Json json;
    private final Optional<Principal> principal;
    private final Client client;

    /**
     * Where a request came from: the client's address (the proxy's, unless forwarded headers are
     * trusted) and whether it arrived over TLS (or, trusted, through a proxy that terminated TLS).
     */
    public record Client(String address, boolean secure) {
        /** For requests made in memory, e.g. in tests. */
        public static final Client LOCAL = new Client("local", false);
    }

    /** Reads a request body of at most {@code limit} bytes, or throws a 413 problem. */
    @FunctionalInterface
    public interface RequestBody {
        byte[] read() throws java.io.IOException;
    }

    ApiRequest(Route route, String path, Map<String, String> parameters, Map<String, List<String>> query,
               Function<String, String> headers, RequestBody body, Json json, Optional<Principal> principal, Client client) {
        this.route = route;
        this.path = path;
        this.parameters = Map.copyOf(parameters);
        this.query = Map.copyOf(query);
        this.headers = headers;
        this.body = body;
        this.json = json;
        this.principal = principal;
        this.client = client;
    }

    public Route route() {
        return route;
    }

    public String path() {
        return path;
    }

    /** Who is calling; empty until authentication arrives. */
    public Optional<Principal> principal() {
        return principal;
    }

    /** This request with {@code value} as its principal, for an authenticating filter. */
    public ApiRequest withPrincipal(Principal value) {
        return new ApiRequest(route, path, parameters, query, headers, body, json, Optional.of(value), client);
    }

    /** Where the request came from. */
    public Client client() {
        return client;
    }

    /** The value of a path parameter, when the route has it. */
    public Optional<String> optionalPathParam(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** Every path parameter, by name. */
    public Map<String, String> pathParams() {
        return parameters;
    }

    /** The body as UTF-8 text (empty when there is none), for the few routes that do not read JSON. */
    public String bodyText() {
        return new String(rawBody(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The namespace the request is about, when its path has one. */
    public Optional<String> namespace() {
        return Optional.ofNullable(parameters.get("ns"));
    }

    public String pathParam(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route " + route.path() + " has no parameter " + name);
        }
        return value;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name)).filter(v -> !v.isBlank());
    }

    /** The first value of a query parameter. */
    public Optional<String> query(String name) {
        List<String> values = query.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of a repeated query parameter, also split at commas: {@code state=ready,running&state=dead}. */
    public List<String> queryList(String name) {
        return query.getOrDefault(name, List.of()).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** An integer query parameter within bounds; a 400 problem naming it otherwise. */
    public int intQuery(String name, int defaultValue, int min, int max) {
        Optional<String> text = query(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.invalidField(name, "must be an integer between " + min + " and " + max + ", was \"" + text.get() + "\"");
    }

    public Map<String, List<String>> queryParameters() {
        return query;
    }

    /** The JSON body as {@code type}; a 400 problem when it is missing or does not fit. */
    public <T> T body(Class<T> type) {
        byte[] bytes = rawBody();
        if (isBlank(bytes)) {
            throw ApiProblem.malformed("this request needs a JSON body");
        }
        return json.read(bytes, type);
    }

    /** The JSON body as {@code type}, or empty when the request has none. */
    public <T> Optional<T> optionalBody(Class<T> type) {
        byte[] bytes = rawBody();
        return isBlank(bytes) ? Optional.empty() : Optional.of(json.read(bytes, type));
    }

    private byte[] rawBody() {
        try {
            return body.read();
        } catch (java.io.IOException e) {
            throw ApiProblem.malformed("the body could not be read: " + e.getMessage());
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}

package dev.tock.http;

import dev.tock.http.wire.ApiProblem;
import dev.tock.http.wire.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a request through the route table and the filter chain to its handler, and turns anything
 * thrown into a problem response. Independent of the HTTP server, so it can be tested in memory.
 */
public final class ApiDispatcher {
    private final Router router;
    private final List<RequestFilter> filters;
    private final Json json;
    private final ProblemMapper problems = new ProblemMapper();

    /**
     * @param filters run in order before every matched route's handler
     */
    public ApiDispatcher(Router router, List<RequestFilter> filters, Json json) {
        this.router = router;
        this.filters = List.copyOf(filters);
        this.json = json;
    }

    /** A request as it arrived, before routing. */
    public record Incoming(String method, String path, String rawQuery, Function<String, String> headers,
                           ApiRequest.RequestBody body, ApiRequest.Client client) {

        /** A request made in memory, e.g. by a test. */
        public Incoming(String method, String path, String rawQuery, Function<String, String> headers, ApiRequest.RequestBody body) {
            this(method, path, rawQuery, headers, body, ApiRequest.Client.LOCAL);
        }
    }

    /** Answers the request; never throws. */
    public ApiResponse dispatch(Incoming in) {
        try {
            return switch (router.match(in.method(), in.path())) {
                case Router.Match.Found found -> run(found, in);
                case Router.Match.MethodNotAllowed m -> problem(new ApiProblem(405, "method-not-allowed", "Method not allowed",
                        in.method() + " is not allowed on " + in.path() + "; allowed: " + allowed(m), Optional.empty()), in)
                        .withHeader("Allow", allowed(m));
                case Router.Match.NotFound n -> throw ApiProblem.notFound("no route for " + in.method() + " " + in.path());
            };
        } catch (Throwable t) {
            return problem(problems.toProblem(t, in.method(), in.path()), in);
        }
    }

    /** The problem response for {@code problem} answering {@code in}. */
    public ApiResponse problem(ApiProblem problem, Incoming in) {
        return new ApiResponse(problem.status(), problem.toProblem(in.path()), ApiResponse.PROBLEM_JSON, problem.headers());
    }

    private ApiResponse run(Router.Match.Found found, Incoming in) throws Exception {
        ApiRequest request = new ApiRequest(found.route(), in.path(), found.parameters(), parseQuery(in.rawQuery()),
                in.headers(), once(in.body()), json, Optional.empty(), in.client());
        return chain(0).proceed(request);
    }

    /** The body is read from the connection at most once, however often a handler asks for it. */
    private static ApiRequest.RequestBody once(ApiRequest.RequestBody body) {
        byte[][] read = new byte[1][];
        return () -> {
            if (read[0] == null) {
                read[0] = body.read();
            }
            return read[0];
        };
    }

    private RequestFilter.Chain chain(int index) {
        if (index == filters.size()) {
            return request -> request.route().handler().handle(request);
        }
        RequestFilter filter = filters.get(index);
        RequestFilter.Chain rest = chain(index + 1);
        return request -> filter.filter(request, rest);
    }

    private static String allowed(Router.Match.MethodNotAllowed m) {
        return m.allowed().stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.malformed("the query string is not correctly percent-encoded: " + text);
        }
    }
}

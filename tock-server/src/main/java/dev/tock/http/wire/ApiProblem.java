package dev.tock.http.wire;

import java.util.Optional;

/**
 * A request Tock refuses, answered as an RFC 9457 problem: thrown anywhere while handling a request
 * and turned into an {@code application/problem+json} response by {@code dev.tock.http.ProblemMapper}.
 *
 * @see Problem the wire form
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final Optional<String> field;
    private final java.util.Map<String, String> headers;

    public ApiProblem(int status, String type, String title, String detail, Optional<String> field) {
        this(status, type, title, detail, field, java.util.Map.of());
    }

    private ApiProblem(int status, String type, String title, String detail, Optional<String> field,
                       java.util.Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.headers = java.util.Map.copyOf(headers);
    }

    /** 401: no credentials, or ones that are unknown, expired or revoked. */
    public static ApiProblem unauthenticated(String detail, boolean invalidToken) {
        return new ApiProblem(401, "unauthenticated", "Unauthenticated", detail, Optional.empty())
                .withHeader("WWW-Authenticate", "Bearer realm=\"tock\"" + (invalidToken ? ", error=\"invalid_token\"" : ""));
    }

    /** 403: the caller is known but may not do this here. */
    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail, Optional.empty());
    }

    /** 429 with the seconds to wait in {@code Retry-After}. */
    public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiProblem(429, "too-many-requests", "Too many requests", detail, Optional.empty())
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** The same problem, answered with one more header. */
    public ApiProblem withHeader(String name, String value) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiProblem(status, type, title, detail(), field, copy);
    }

    /** Headers the answer carries, e.g. {@code WWW-Authenticate}. */
    public java.util.Map<String, String> headers() {
        return headers;
    }

    public static ApiProblem invalidField(String field, String detail) {
        return new ApiProblem(400, "invalid-field", "Invalid field", detail, Optional.ofNullable(field));
    }

    public static ApiProblem malformed(String detail) {
        return new ApiProblem(400, "malformed-request", "Malformed request", detail, Optional.empty());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, Optional.empty());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict with the current state", detail, Optional.empty());
    }

    public static ApiProblem tooLarge(String field, String detail) {
        return new ApiProblem(413, "payload-too-large", "Payload too large", detail, Optional.ofNullable(field));
    }

    public static ApiProblem unsupportedMediaType(String detail) {
        return new ApiProblem(415, "unsupported-media-type", "Unsupported media type", detail, Optional.empty());
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "unavailable", "Service unavailable", detail, Optional.empty());
    }

    /** The same problem about a field inside {@code prefix}, e.g. {@code jobs[2]}. */
    public ApiProblem within(String prefix) {
        return field.isEmpty() ? this
                : new ApiProblem(status, type, title, prefix + "." + detail(), Optional.of(prefix + "." + field.get()), headers);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Optional<String> field() {
        return field;
    }

    /** The wire form. */
    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_PREFIX + type, title, status, detail(), field.orElse(null), instance);
    }
}

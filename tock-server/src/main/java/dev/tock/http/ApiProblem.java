package dev.tock.http;

import java.util.Optional;

/**
 * A request Tock refuses, answered as an RFC 9457 problem: thrown anywhere while handling a request
 * and turned into an {@code application/problem+json} response by {@link ProblemMapper}.
 *
 * @see Problem the wire form
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final Optional<String> field;

    public ApiProblem(int status, String type, String title, String detail, Optional<String> field) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
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
                : new ApiProblem(status, type, title, prefix + "." + detail(), Optional.of(prefix + "." + field.get()));
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

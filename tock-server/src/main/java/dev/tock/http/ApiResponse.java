package dev.tock.http;

import java.util.Map;

/**
 * What a route answers: a status, a body that is written as JSON (or nothing, or as it is when it is
 * {@linkplain #text text}), and extra headers.
 *
 * @param contentType the media type of the body; JSON unless a problem or text
 */
public record ApiResponse(int status, Object body, String contentType, Map<String, String> headers, java.util.List<String> cookies) {
    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    public ApiResponse {
        headers = Map.copyOf(headers);
        cookies = java.util.List.copyOf(cookies);
    }

    /** A response that sets no cookies. */
    public ApiResponse(int status, Object body, String contentType, Map<String, String> headers) {
        this(status, body, contentType, headers, java.util.List.of());
    }

    /** This response with one more {@code Set-Cookie} header, e.g. {@code tock_session=...; HttpOnly}. */
    public ApiResponse withCookie(String setCookie) {
        var copy = new java.util.ArrayList<>(cookies);
        copy.add(setCookie);
        return new ApiResponse(status, body, contentType, headers, copy);
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, JSON, Map.of());
    }

    public static ApiResponse status(int status, Object body) {
        return new ApiResponse(status, body, JSON, Map.of());
    }

    /** 201 with the new resource's path in {@code Location}. */
    public static ApiResponse created(Object body, String location) {
        return new ApiResponse(201, body, JSON, Map.of("Location", location));
    }

    /** 200 with a body written as it is, not as JSON. */
    public static ApiResponse text(String body, String contentType) {
        return new ApiResponse(200, new Text(body), contentType, Map.of());
    }

    /** A body that is already in its wire form. */
    record Text(String value) {
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, JSON, Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, body, contentType, copy, cookies);
    }
}

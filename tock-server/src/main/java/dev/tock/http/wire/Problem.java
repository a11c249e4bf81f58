package dev.tock.http.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document, plus {@code field}: the request field that was refused (e.g.
 * {@code retry.maxAttempts}, {@code schedule.minute}), when one was.
 *
 * @param type a URI naming the kind of problem, {@code urn:tock:problem:<kind>}
 * @param instance the request path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String instance) {
    public static final String TYPE_PREFIX = "urn:tock:problem:";
}

package dev.tock.http;

import java.util.List;
import java.util.Optional;

/**
 * One entry of the route table: method and path template, who may call it, what it does, and what the
 * API document says about it.
 *
 * @param operationId a unique name for the API document, e.g. {@code createJob}
 * @param tag the resource it belongs to, e.g. {@code jobs}
 * @param query the query parameters it reads
 * @param requestBody the record type of its JSON body, if it reads one
 * @param responseBody the record type of its success body, if it has one
 * @param successStatus its usual success status
 */
public record Route(HttpMethod method, PathTemplate path, Access access, String operationId, String tag, String summary,
                    List<QueryParam> query, Optional<Class<?>> requestBody, Optional<Class<?>> responseBody,
                    int successStatus, RouteHandler handler) {

    public Route {
        query = List.copyOf(query);
    }

    /** A query parameter a route reads. */
    public record QueryParam(String name, String type, String description) {
    }

    public static Builder get(String path, String operationId) {
        return new Builder(HttpMethod.GET, path, operationId);
    }

    public static Builder post(String path, String operationId) {
        return new Builder(HttpMethod.POST, path, operationId);
    }

    public static Builder put(String path, String operationId) {
        return new Builder(HttpMethod.PUT, path, operationId);
    }

    public static Builder delete(String path, String operationId) {
        return new Builder(HttpMethod.DELETE, path, operationId);
    }

    /** Builds a route; access defaults to READ for GET and WRITE otherwise. */
    public static final class Builder {
        private final HttpMethod method;
        private final PathTemplate path;
        private final String operationId;
        private Access access;
        private String tag = "";
        private String summary = "";
        private final java.util.ArrayList<QueryParam> query = new java.util.ArrayList<>();
        private Class<?> requestBody;
        private Class<?> responseBody;
        private int successStatus = 200;

        private Builder(HttpMethod method, String path, String operationId) {
            this.method = method;
            this.path = PathTemplate.of(path);
            this.operationId = operationId;
            this.access = method == HttpMethod.GET ? Access.READ : Access.WRITE;
        }

        public Builder access(Access value) { access = value; return this; }
        public Builder tag(String value) { tag = value; return this; }
        public Builder summary(String value) { summary = value; return this; }
        public Builder query(String name, String type, String description) { query.add(new QueryParam(name, type, description)); return this; }
        public Builder body(Class<?> type) { requestBody = type; return this; }
        public Builder returns(Class<?> type) { responseBody = type; return this; }
        public Builder status(int value) { successStatus = value; return this; }

        public Route handler(RouteHandler handler) {
            return new Route(method, path, access, operationId, tag, summary, query, Optional.ofNullable(requestBody),
                    Optional.ofNullable(responseBody), successStatus, handler);
        }
    }
}

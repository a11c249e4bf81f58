package dev.tock.http;

/** Answers one request that matched its route. Exceptions are mapped to problem responses in one place. */
@FunctionalInterface
public interface RouteHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}

package dev.tock.http;

import dev.tock.http.wire.ApiProblem;

/**
 * Decides whether a request may run its route, before any handler sees it. Every request passes it,
 * including those to open operations routes ({@link Access#PUBLIC}). Until authentication arrives
 * requests carry no principal and {@link #ALLOW_ALL} lets them through; a policy refuses by throwing
 * an {@link ApiProblem} (401 or 403).
 */
@FunctionalInterface
public interface AccessPolicy {

    /** Lets every request through. */
    AccessPolicy ALLOW_ALL = request -> { };

    /**
     * Throws an {@link ApiProblem} when {@code request} may not run {@code request.route()}; the route's
     * {@link Route#access()} and {@link ApiRequest#namespace()} say what it touches.
     */
    void authorize(ApiRequest request);
}

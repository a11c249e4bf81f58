package dev.tock.http;

/**
 * One step of the chain every matched request passes before its route's handler: access checks,
 * namespace checks, and later authentication, rate limits and metrics.
 */
@FunctionalInterface
public interface RequestFilter {

    ApiResponse filter(ApiRequest request, Chain next) throws Exception;

    /** The rest of the chain, ending in the route's handler. */
    @FunctionalInterface
    interface Chain {
        ApiResponse proceed(ApiRequest request) throws Exception;
    }

    /** A filter that applies {@code policy} and continues. */
    static RequestFilter of(AccessPolicy policy) {
        return (request, next) -> {
            policy.authorize(request);
            return next.proceed(request);
        };
    }
}

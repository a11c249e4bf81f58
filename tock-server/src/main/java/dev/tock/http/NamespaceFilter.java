package dev.tock.http;

import dev.tock.store.Store;

/** Answers 404 for a path naming a namespace that does not exist, before any route looks inside it. */
final class NamespaceFilter implements RequestFilter {
    private final Store store;

    NamespaceFilter(Store store) {
        this.store = store;
    }

    @Override
    public ApiResponse filter(ApiRequest request, Chain next) throws Exception {
        var ns = request.namespace();
        if (ns.isPresent() && !store.namespaces().exists(ns.get())) {
            throw ApiProblem.notFound("namespace " + ns.get() + " does not exist");
        }
        return next.proceed(request);
    }
}

package dev.tock.http;

import dev.tock.store.JobStore;

/** Answers 404 for a path naming a namespace that does not exist, before any route looks inside it. */
final class NamespaceFilter implements RequestFilter {
    private final JobStore store;

    NamespaceFilter(JobStore store) {
        this.store = store;
    }

    @Override
    public ApiResponse filter(ApiRequest request, Chain next) throws Exception {
        var ns = request.namespace();
        if (ns.isPresent() && !store.namespaceExists(ns.get())) {
            throw ApiProblem.notFound("namespace " + ns.get() + " does not exist");
        }
        return next.proceed(request);
    }
}

package dev.tock.http;

import dev.tock.http.wire.ApiProblem;
import dev.tock.service.Namespaces;

/** Answers 404 for a path naming a namespace that does not exist, before any route looks inside it. */
final class NamespaceFilter implements RequestFilter {
    private final Namespaces namespaces;

    NamespaceFilter(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    @Override
    public ApiResponse filter(ApiRequest request, Chain next) throws Exception {
        var ns = request.namespace();
        if (ns.isPresent() && !namespaces.exists(ns.get())) {
            throw ApiProblem.notFound("namespace " + ns.get() + " does not exist");
        }
        return next.proceed(request);
    }
}

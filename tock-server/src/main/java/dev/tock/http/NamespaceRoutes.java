package dev.tock.http;

import dev.tock.http.dto.NamespaceBody;
import dev.tock.http.dto.NamespaceList;
import dev.tock.model.Names;
import dev.tock.service.Namespaces;
import java.util.List;

/** {@code /v1/namespaces}: list, create, look up. */
final class NamespaceRoutes {
    private final Namespaces namespaces;

    NamespaceRoutes(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    List<Route> routes() {
        return List.of(
                Route.get(ApiContext.V1 + "/namespaces", "listNamespaces").tag("namespaces").summary("List namespaces")
                        .returns(NamespaceList.class).handler(this::list),
                Route.post(ApiContext.V1 + "/namespaces", "createNamespace").tag("namespaces").access(Access.ADMIN)
                        .summary("Create a namespace (200 when it exists already)").body(NamespaceBody.class)
                        .returns(NamespaceBody.class).status(201).handler(this::create),
                Route.get(ApiContext.NS, "getNamespace").tag("namespaces").summary("Get a namespace")
                        .returns(NamespaceBody.class).handler(this::get));
    }

    private ApiResponse list(ApiRequest request) {
        // A token sees the namespaces it is scoped to; one for every namespace (or no authentication) sees all.
        var scope = request.principal().filter(dev.tock.http.security.Caller.class::isInstance)
                .map(p -> ((dev.tock.http.security.Caller) p).token());
        return ApiResponse.ok(new NamespaceList(namespaces.list().stream().filter(ns -> scope.map(t -> t.coversNamespace(ns)).orElse(true))
                .map(NamespaceBody::new).toList()));
    }

    private ApiResponse create(ApiRequest request) {
        String name = request.body(NamespaceBody.class).name();
        Names.requireResourceName("name", name);
        boolean created = namespaces.create(name);
        NamespaceBody body = new NamespaceBody(name);
        return created ? ApiResponse.created(body, ApiContext.V1 + "/namespaces/" + name) : ApiResponse.ok(body);
    }

    private ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(new NamespaceBody(request.pathParam("ns")));
    }
}

package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.http.wire.ApiProblem;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every request, of every route, passes the access policy before its handler. */
class AccessPolicyTest {

    @Test
    void thePolicySeesEveryRequestWithItsRouteAndNamespaceAndMayRefuseIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AccessPolicy readOnly = request -> {
            seen.add(request.route().operationId() + " " + request.namespace().orElse("-") + " " + request.principal().isPresent());
            if (request.route().access() != Access.READ && request.route().access() != Access.PUBLIC) {
                throw new ApiProblem(403, "forbidden", "Forbidden", "read-only", Optional.empty());
            }
        };
        try (ServerFixture f = ServerFixture.h2(ServerFixture.config(), b -> { }, b -> b.accessPolicy(readOnly))) {
            f.http.get("/health").expect(200);
            f.http.get("/v1/namespaces/default/jobs").expect(200);
            f.http.post("/v1/namespaces/default/jobs", "{\"type\": \"t\"}").expectProblem(403, null);
            f.http.post("/v1/namespaces", "{\"name\": \"x\"}").expectProblem(403, null);
            f.http.get("/v1/namespaces/nope/jobs").expectProblem(404, null);
            assertThat(seen).containsExactly("health - false", "listJobs default false", "createJob default false",
                    "createNamespace - false", "listJobs nope false");
        }
    }

    @Test
    void theNamespaceCheckComesAfterThePolicy() {
        AccessPolicy denyAll = request -> {
            throw new ApiProblem(401, "unauthenticated", "Unauthenticated", "no token", Optional.empty());
        };
        try (ServerFixture f = ServerFixture.h2(ServerFixture.config(), b -> { }, b -> b.accessPolicy(denyAll))) {
            f.http.get("/v1/namespaces/nope/jobs").expectProblem(401, null);
        }
    }
}

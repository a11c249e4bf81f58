package dev.tock.http;

import java.util.List;
import java.util.Map;

/** A test against a fresh server with authentication on; {@link #admin} holds the bootstrap admin token. */
abstract class SecuredApiTest extends ApiTest {
    protected String adminSecret;
    protected Http admin;

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.secured(), b -> { }, b -> { });
    }

    @org.junit.jupiter.api.BeforeEach
    void takeAdminToken() {
        adminSecret = fixture.server.bootstrapToken().orElseThrow();
        admin = http.as(adminSecret);
    }

    /** Creates a token through the API; returns its secret. */
    protected String token(String name, String role, String... namespaces) {
        return token(name, role, List.of(namespaces), List.of());
    }

    protected String token(String name, String role, List<String> namespaces, List<String> queues) {
        var body = new java.util.LinkedHashMap<String, Object>(Map.of("name", name, "role", role, "namespaces", namespaces));
        if (!queues.isEmpty()) {
            body.put("queues", queues);
        }
        return admin.post("/v1/tokens", Http.json(body)).expect(201).text("secret");
    }
}

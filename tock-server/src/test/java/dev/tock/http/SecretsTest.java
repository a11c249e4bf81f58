package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.security.TokenSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token secrets never reach a log; their hashes never leave the store through any route. */
class SecretsTest {

    @Test
    void secretsAndHashesNeverLeaveThroughLogsOrRoutes() {
        List<String> secrets = new ArrayList<>();
        CapturedLogs logs = new CapturedLogs();
        try (logs; ServerFixture f = ServerFixture.h2(ServerFixture.secured(), b -> { }, b -> { })) {
            String adminSecret = f.server.bootstrapToken().orElseThrow();
            secrets.add(adminSecret);
            Http admin = f.http.as(adminSecret);
            String viewer = admin.post("/v1/tokens", "{\"name\": \"viewer\", \"role\": \"viewer\", \"namespaces\": [\"default\"]}")
                    .expect(201).text("secret");
            secrets.add(viewer);
            String job = admin.post(ApiTest.NS + "/jobs", "{\"type\": \"t\", \"delay\": \"1h\"}").expect(201).text("id");
            admin.put(ApiTest.NS + "/queues/q", "{}").expect(201);
            admin.put(ApiTest.NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\"}}").expect(201);
            f.http.as(viewer).post(ApiTest.NS + "/jobs", "{\"type\": \"t\"}").expectProblem(403, null);
            f.http.as(viewer + "x").get(ApiTest.NS + "/jobs").expectProblem(401, null);
            f.http.send("POST", "/ui/login", "token=" + viewer, Map.of("Content-Type", "application/x-www-form-urlencoded")).expect(303);
            f.http.send("POST", "/ui/login", "token=" + viewer + "x", Map.of("Content-Type", "application/x-www-form-urlencoded")).expect(401);
            f.http.send("GET", ApiTest.NS + "/jobs", null, Map.of("Authorization", "Basic " + viewer)).expectProblem(401, null);
            admin.post("/v1/tokens/viewer/revoke", null).expect(200);
            f.http.as(viewer).get(ApiTest.NS + "/jobs").expectProblem(401, null);

            List<String> hashes = secrets.stream().map(TokenSecrets::hash).toList();
            String tokenId = f.store.security().findTokenByName("viewer").orElseThrow().id();
            Map<String, String> values = Map.of("{ns}", "default", "{queue}", "q", "{name}", "s", "{worker}", "w",
                    "{run}", java.util.UUID.randomUUID().toString());
            for (Route route : f.server.routes()) {
                if (route.method() != HttpMethod.GET) {
                    continue;
                }
                String path = route.path().text().replace("{id}", route.path().text().startsWith("/v1/tokens") ? tokenId : job);
                for (var v : values.entrySet()) {
                    path = path.replace(v.getKey(), v.getValue());
                }
                String body = admin.get(path).raw().body();
                for (String hash : hashes) {
                    assertThat(body).as("GET " + path).doesNotContain(hash);
                }
                for (String secret : secrets) {
                    assertThat(body).as("GET " + path).doesNotContain(secret);
                }
            }
            f.server.flushAudit();
        }
        List<String> logLines = logs.lines();
        assertThat(logLines).isNotEmpty();
        for (String line : logLines) {
            for (String secret : secrets) {
                assertThat(line).as("a log line").doesNotContain(secret).doesNotContain(TokenSecrets.hash(secret));
            }
        }
    }
}

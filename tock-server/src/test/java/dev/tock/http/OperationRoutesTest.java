package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.testing.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperationRoutesTest extends ApiTest {

    @Test
    void healthAndReadiness() {
        assertThat(http.get("/health").expect(200).text("status")).isEqualTo("ok");
        assertThat(http.get("/ready").expect(200).text("status")).isEqualTo("ready");
    }

    @Test
    void notReadyWhileDrainingButStillAlive() {
        fixture.server.beginDrain();
        http.get("/ready").expectProblem(503, null);
        http.get("/health").expect(200);
        http.get(NS + "/jobs").expect(200);
    }

    @Test
    void notReadyWhenTheSchemaIsOlderThanThisNodeNeedsButReadyWhenNewer() {
        fixture.sql("INSERT INTO tock_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, installed_on, execution_time, success) VALUES (999, '999', 'a newer node', 'SQL', 'V999__x.sql',"
                + " 0, 'test', CURRENT_TIMESTAMP, 0, TRUE)");
        http.get("/ready").expect(200);
        fixture.sql("UPDATE tock_schema_history SET version = '1' WHERE installed_rank = 999");
        // The last answer may be reused for a second.
        Eventually.await(Duration.ofSeconds(5), "not ready", () -> http.get("/ready").status() == 503);
        var reply = http.get("/ready").expectProblem(503, null);
        assertThat(reply.text("detail")).contains("or newer");
        http.get("/health").expect(200);
    }

    @Test
    void notReadyWhenTheStoreIsGone() {
        fixture.sql("DROP TABLE tock_schema_history");
        http.get("/ready").expectProblem(503, null);
    }

    @Test
    void aNodeWithoutTheApiRoleServesOnlyOperations() {
        try (ServerFixture workerOnly = ServerFixture.h2(ServerFixture.config(), b -> { }, b -> b.api(false))) {
            workerOnly.http.get("/health").expect(200);
            workerOnly.http.get("/ready").expect(200);
            workerOnly.http.get("/openapi.json").expect(200);
            workerOnly.http.get(NS + "/jobs").expectProblem(404, null);
            workerOnly.http.post(NS + "/jobs", "{\"type\": \"t\"}").expectProblem(404, null);
            // Only /metrics needs a token there: a cluster-wide view (or public with metrics-public=on).
            assertThat(workerOnly.server.routes()).allMatch(r -> r.access() == (r.path().text().equals("/metrics") ? Access.OBSERVE : Access.PUBLIC));
        }
    }

    @Test
    void jettyLevelErrorsAreProblemsToo() {
        var reply = http.get("/v1/namespaces/default/jobs/%2e%2e/%2e%2e/health");
        assertThat(reply.status()).isBetween(400, 499);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }
}

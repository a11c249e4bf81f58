package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every mutation is in the audit log: who, what, when, from where, and its status; reads are not. */
class AuditTest extends SecuredApiTest {

    private List<JsonNode> entries(String query) {
        List<JsonNode> list = new ArrayList<>();
        admin.get("/v1/audit" + query).expect(200).json().get("entries").forEach(list::add);
        return list;
    }

    @Test
    void mutationsAreRecordedWithWhoWhatWhereAndStatus() {
        String ops = token("ops", "operator", "default");
        String job = http.as(ops).post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"1h\"}").expect(201).text("id");
        http.as(ops).post(NS + "/jobs/" + job + "/cancel", null).expect(200);
        http.as(ops).put(NS + "/queues/q", "{}").expectProblem(403, null);
        http.as(ops).get(NS + "/jobs").expect(200);
        http.get(NS + "/jobs").expectProblem(401, null);
        http.post(NS + "/jobs", "{\"type\": \"t\"}").expectProblem(401, null);

        List<JsonNode> byOps = entries("?token=ops");
        assertThat(byOps).hasSize(3);
        JsonNode denied = byOps.get(0);
        assertThat(denied.get("method").asText()).isEqualTo("PUT");
        assertThat(denied.get("status").asInt()).isEqualTo(403);
        assertThat(denied.get("route").asText()).isEqualTo("PUT /v1/namespaces/{ns}/queues/{queue}");
        assertThat(denied.get("resource").asText()).isEqualTo("queues/q");
        JsonNode cancel = byOps.get(1);
        assertThat(cancel.get("path").asText()).isEqualTo(NS + "/jobs/" + job + "/cancel");
        assertThat(cancel.get("resource").asText()).isEqualTo("jobs/" + job);
        assertThat(cancel.get("status").asInt()).isEqualTo(200);
        JsonNode create = byOps.get(2);
        assertThat(create.get("resource").asText()).as("the new job, from Location").isEqualTo("jobs/" + job);
        assertThat(create.get("status").asInt()).isEqualTo(201);
        assertThat(create.get("namespace").asText()).isEqualTo("default");
        assertThat(create.get("tokenName").asText()).isEqualTo("ops");
        assertThat(create.get("tokenId").asText()).isNotBlank();
        assertThat(create.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(create.get("at").asText()).isNotBlank();

        List<JsonNode> all = entries("");
        assertThat(all).noneMatch(e -> e.get("method").asText().equals("GET"));
        assertThat(all).as("unauthenticated attempts are not recorded").allMatch(e -> e.hasNonNull("tokenName"));
        assertThat(all).anyMatch(e -> e.get("route").asText().equals("POST /v1/tokens") && e.get("tokenName").asText().equals("bootstrap-admin"));
    }

    @Test
    void theAuditLogPagesAndFilters() {
        admin.post("/v1/namespaces", "{\"name\": \"team-a\"}").expect(201);
        for (int i = 0; i < 5; i++) {
            admin.post("/v1/namespaces/team-a/jobs", "{\"type\": \"t\"}").expect(201);
        }
        JsonNode page = admin.get("/v1/audit?namespace=team-a&limit=3").expect(200).json();
        assertThat(page.get("entries")).hasSize(3);
        JsonNode rest = admin.get("/v1/audit?namespace=team-a&limit=3&cursor=" + page.get("nextCursor").asText()).expect(200).json();
        assertThat(rest.get("entries")).hasSize(2);
        admin.get("/v1/audit?cursor=abc").expectProblem(400, "cursor");
        admin.get("/v1/audit?limit=0").expectProblem(400, "limit");
        admin.get("/v1/audit?from=yesterday").expectProblem(400, "from");
        admin.get("/v1/audit?namespace=%00").expectProblem(400, "namespace");
        admin.get("/v1/audit?token=a%20b").expectProblem(400, "token");
        http.as(token("viewer", "viewer", "*")).get("/v1/audit").expectProblem(403, null);
    }

    @Test
    void withAuthenticationOffChangesAreStillRecordedWithoutAToken() {
        try (ServerFixture open = ServerFixture.h2()) {
            open.http.post(NS + "/jobs", "{\"type\": \"t\"}").expect(201);
            JsonNode entry = open.http.get("/v1/audit").expect(200).json().get("entries").get(0);
            assertThat(entry.get("method").asText()).isEqualTo("POST");
            assertThat(entry.has("tokenName")).isFalse();
        }
    }
}

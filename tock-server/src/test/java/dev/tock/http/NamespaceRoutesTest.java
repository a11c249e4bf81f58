package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespaceRoutesTest extends ApiTest {

    @Test
    void createsListsAndGetsNamespaces() {
        assertThat(http.get("/v1/namespaces").expect(200).json().get("namespaces").findValuesAsText("name")).containsExactly("default");
        var created = http.post("/v1/namespaces", "{\"name\": \"team-a\"}").expect(201);
        assertThat(created.header("Location")).isEqualTo("/v1/namespaces/team-a");
        http.post("/v1/namespaces", "{\"name\": \"team-a\"}").expect(200);
        assertThat(http.get("/v1/namespaces").json().get("namespaces").findValuesAsText("name")).containsExactly("default", "team-a");
        assertThat(http.get("/v1/namespaces/team-a").expect(200).text("name")).isEqualTo("team-a");
        http.post("/v1/namespaces/team-a/jobs", "{\"type\": \"t\"}").expect(201);
    }

    @Test
    void badNamesAndUnknownNamespaces() {
        http.post("/v1/namespaces", "{\"name\": \"Team A\"}").expectProblem(400, "name");
        http.post("/v1/namespaces", "{}").expectProblem(400, "name");
        http.post("/v1/namespaces", "{\"name\": 7}").expectProblem(400, "name");
        http.post("/v1/namespaces", "{\"name\": \"a\", \"owner\": \"b\"}").expectProblem(400, "owner");
        http.get("/v1/namespaces/unknown").expectProblem(404, null);
        http.get("/v1/namespaces/unknown/schedules").expectProblem(404, null);
        http.get("/v1/namespaces/unknown/queues").expectProblem(404, null);
        http.get("/v1/namespaces/unknown/jobs").expectProblem(404, null);
    }
}

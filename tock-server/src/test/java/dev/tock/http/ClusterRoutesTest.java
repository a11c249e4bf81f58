package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.TockVersion;
import org.junit.jupiter.api.Test;

class ClusterRoutesTest extends ApiTest {

    @Test
    void listsTheRunningNodesWithRolesVersionAndLastHeartbeat() {
        fixture.tock.start();
        JsonNode cluster = http.get("/v1/cluster").expect(200).json();
        assertThat(cluster.get("version").asText()).isEqualTo(TockVersion.current());
        assertThat(cluster.get("node").asText()).isEqualTo("test-node");
        JsonNode node = cluster.get("nodes").get(0);
        assertThat(node.get("id").asText()).isEqualTo("test-node");
        assertThat(node.get("roles").findValuesAsText("")).isEmpty();
        assertThat(node.get("roles").toString()).contains("worker").contains("scheduler");
        assertThat(node.get("version").asText()).isEqualTo(TockVersion.current());
        assertThat(node.get("startedAt").asText()).isNotBlank();
        assertThat(node.get("lastSeen").asText()).isNotBlank();
        assertThat(node.get("sinceLastSeen").asText()).isNotBlank();
        http.post("/v1/cluster", "{}").expectProblem(405, null);
    }
}

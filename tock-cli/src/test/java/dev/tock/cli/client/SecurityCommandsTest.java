package dev.tock.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.cli.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tock tokens, tock audit and --token against a real server with authentication on. */
class SecurityCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir, true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Run as(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--token");
        all.add(token);
        return server.tock(all.toArray(String[]::new));
    }

    @Test
    void withoutATokenTheClientSaysHowToGiveOne() {
        TestServer.Run run = server.tock("jobs", "list");
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Unauthenticated").contains("TOCK_TOKEN");
        assertThat(as(server.adminToken(), "jobs", "list").exit()).isZero();
    }

    @Test
    void tokensAreCreatedListedAndRevoked() throws Exception {
        String admin = server.adminToken();
        TestServer.Run created = as(admin, "tokens", "create", "ci", "--role", "operator", "--scope", "default,team-a", "--expires-in", "30d");
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.out()).contains("token/ci created").contains("operator in default,team-a");
        String secret = created.out().lines().filter(l -> l.startsWith("tock_")).findFirst().orElseThrow();

        TestServer.Run submitted = as(secret, "jobs", "submit", "--type", TestServer.OK_TYPE);
        assertThat(submitted.exit()).as(submitted.toString()).isZero();

        TestServer.Run list = as(admin, "tokens", "list");
        assertThat(list.out()).contains("NAME", "ROLE", "bootstrap-admin", "ci", "operator", "default,team-a").doesNotContain(secret);

        TestServer.Run json = as(admin, "tokens", "create", "robot", "--role", "worker", "--queue", "mail", "-o", "json");
        JsonNode answer = JSON.readTree(json.out());
        assertThat(answer.get("secret").asText()).startsWith("tock_");
        assertThat(answer.get("token").get("queues").toString()).isEqualTo("[\"mail\"]");

        TestServer.Run revoked = as(admin, "tokens", "revoke", "ci");
        assertThat(revoked.exit()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("token/ci revoked");
        assertThat(as(secret, "jobs", "list").exit()).isEqualTo(1);
        assertThat(as(secret, "tokens", "list").err()).contains("Unauthenticated");
        String viewer = JSON.readTree(as(admin, "tokens", "create", "eye", "--role", "viewer", "-o", "json").out()).get("secret").asText();
        TestServer.Run denied = as(viewer, "tokens", "list");
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.err()).contains("Forbidden");
    }

    @Test
    void theAuditLogShowsWhoChangedWhat() throws Exception {
        String admin = server.adminToken();
        assertThat(as(admin, "queues", "set", "mail", "--max-running", "2").exit()).isZero();
        assertThat(as(admin, "jobs", "submit", "--type", TestServer.OK_TYPE).exit()).isZero();
        TestServer.Run audit = as(admin, "audit");
        assertThat(audit.exit()).as(audit.toString()).isZero();
        assertThat(audit.out()).contains("TOKEN", "STATUS", "bootstrap-admin", "PUT", "/v1/namespaces/default/queues/mail", "201");
        JsonNode json = JSON.readTree(as(admin, "audit", "--in", "default", "--by", "bootstrap-admin", "--limit", "1", "-o", "json").out());
        assertThat(json.get("entries")).hasSize(1);
        assertThat(json.get("entries").get(0).get("method").asText()).isEqualTo("POST");
        assertThat(as(admin, "audit", "--all").out()).contains("PUT").contains("POST");
    }

    @Test
    void aTokenThatCannotBeAHeaderIsAUsageError() {
        TestServer.Run run = as("bad token", "jobs", "list");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--token").doesNotContain("bad token");
    }
}

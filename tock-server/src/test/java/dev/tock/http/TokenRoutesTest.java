package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.security.ApiToken;
import dev.tock.security.Role;
import dev.tock.security.TokenSecrets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Creating, using, listing, expiring and revoking tokens; the bootstrap token and TOCK_ADMIN_TOKEN. */
class TokenRoutesTest extends SecuredApiTest {

    @Test
    void aCreatedTokenShowsItsSecretOnceAndWorksAtOnce() {
        var created = admin.post("/v1/tokens", "{\"name\": \"ci\", \"role\": \"operator\", \"namespaces\": [\"default\"], \"expiresIn\": \"30d\"}")
                .expect(201);
        String secret = created.text("secret");
        assertThat(secret).startsWith("tock_").hasSize(5 + 43);
        JsonNode token = created.json().get("token");
        assertThat(token.get("role").asText()).isEqualTo("operator");
        assertThat(token.get("createdBy").asText()).isEqualTo("bootstrap-admin");
        assertThat(token.get("active").asBoolean()).isTrue();
        assertThat(created.header("Location")).isEqualTo("/v1/tokens/" + token.get("id").asText());
        http.as(secret).post(NS + "/jobs", "{\"type\": \"t\"}").expect(201);

        String listing = admin.get("/v1/tokens").expect(200).raw().body();
        assertThat(listing).contains("\"ci\"").doesNotContain(secret).doesNotContain(TokenSecrets.hash(secret))
                .doesNotContain("secret").doesNotContain("hash");
        assertThat(admin.get("/v1/tokens/ci").expect(200).raw().body()).doesNotContain(secret);
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        String secret = token("short-lived", "viewer", "default");
        http.as(secret).get(NS + "/jobs").expect(200);
        JsonNode revoked = admin.post("/v1/tokens/short-lived/revoke", null).expect(200).json();
        assertThat(revoked.get("active").asBoolean()).isFalse();
        assertThat(revoked.get("revokedAt").asText()).isNotBlank();
        http.as(secret).get(NS + "/jobs").expectProblem(401, null);
        admin.post("/v1/tokens/no-such/revoke", null).expectProblem(404, null);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String secret = TokenSecrets.newSecret();
        Instant past = fixture.store.now().minusSeconds(1);
        fixture.store.security().createToken(new ApiToken(TokenSecrets.newId(), "expired", Role.ADMIN, Set.of("*"), Set.of(), past.minusSeconds(60),
                "test", Optional.of(past), Optional.empty()), TokenSecrets.hash(secret));
        http.as(secret).get(NS + "/jobs").expectProblem(401, null);
        assertThat(admin.get("/v1/tokens/expired").expect(200).json().get("active").asBoolean()).isFalse();
    }

    @Test
    void theLastAdminForEveryNamespaceCannotBeRevoked() {
        admin.post("/v1/tokens/bootstrap-admin/revoke", null).expectProblem(409, null);
        String second = token("second-admin", "admin", "*");
        admin.post("/v1/tokens/bootstrap-admin/revoke", null).expect(200);
        http.as(second).get("/v1/tokens").expect(200);
        http.as(adminSecret).get("/v1/tokens").expectProblem(401, null);
    }

    @Test
    void badTokenRequestsNameTheField() {
        admin.post("/v1/tokens", "{\"role\": \"viewer\", \"namespaces\": [\"default\"]}").expectProblem(400, "name");
        admin.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"root\", \"namespaces\": [\"default\"]}").expectProblem(400, "role");
        admin.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"viewer\"}").expectProblem(400, "namespaces");
        admin.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"viewer\", \"namespaces\": [\"Bad_NS\"]}").expectProblem(400, "namespaces");
        admin.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"viewer\", \"namespaces\": [\"a\"], \"queues\": [\"q\"]}")
                .expectProblem(400, "queues");
        admin.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"viewer\", \"namespaces\": [\"a\"], \"expiresIn\": \"0s\"}")
                .expectProblem(400, "expiresIn");
        admin.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"viewer\", \"namespaces\": [\"a\"], \"expiresAt\": \"2000-01-01T00:00:00Z\"}")
                .expectProblem(400, "expiresAt");
        admin.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"viewer\", \"namespaces\": " + List.of() + "}").expectProblem(400, "namespaces");
        token("taken", "viewer", "default");
        admin.post("/v1/tokens", "{\"name\": \"taken\", \"role\": \"viewer\", \"namespaces\": [\"default\"]}").expectProblem(409, null);
    }

    @Test
    void workerTokensAreLimitedToTheirQueues() {
        String secret = token("mail-worker", "worker", List.of("default"), List.of("mail"));
        var token = fixture.store.security().findTokenByName("mail-worker").orElseThrow();
        assertThat(token.coversQueue("mail")).isTrue();
        assertThat(token.coversQueue("reports")).isFalse();
        http.as(secret).get(NS + "/jobs").expectProblem(403, null);
    }

    @Test
    void theBootstrapTokenIsMadeOnlyWhenTheStoreHasNoToken() {
        assertThat(fixture.store.security().tokens()).extracting(ApiToken::name).containsExactly("bootstrap-admin");
        TockServer second = TockServer.builder(fixture.tock).host("127.0.0.1").port(0).build().start();
        try {
            assertThat(second.bootstrapToken()).isEmpty();
        } finally {
            second.stop();
        }
    }

    @Test
    void anAdminSecretFromTheEnvironmentReplacesAnOlderOneAndMustBeLong() {
        String first = "first-secret-from-the-environment-0123456789";
        String second = "second-secret-from-the-environment-0123456789";
        for (String secret : List.of(first, second)) {
            TockServer node = TockServer.builder(fixture.tock).host("127.0.0.1").port(0).adminToken(secret).build().start();
            try {
                assertThat(node.bootstrapToken()).isEmpty();
                new Http(node.port()).as(secret).get("/v1/tokens").expect(200);
            } finally {
                node.stop();
            }
        }
        assertThat(fixture.store.security().tokens()).extracting(ApiToken::name).containsExactly("bootstrap-admin", "env-admin");
        http.as(first).get("/v1/tokens").expectProblem(401, null);
        assertThatThrownBy(() -> TockServer.builder(fixture.tock).host("127.0.0.1").port(0).adminToken("short").build().start())
                .isInstanceOf(dev.tock.config.ConfigException.class).hasMessageContaining("TOCK_ADMIN_TOKEN");
    }

    @Test
    void authenticationCannotBeTurnedOffBeyondLoopback() {
        var config = ServerFixture.config().set("auth", "off").host("0.0.0.0");
        assertThatThrownBy(() -> ServerFixture.h2(config, b -> { }, b -> b.host("0.0.0.0")))
                .isInstanceOf(ServerException.class).hasMessageContaining("loopback");
        assertThat(TockServer.isLoopback("127.0.0.1")).isTrue();
        assertThat(TockServer.isLoopback("localhost")).isTrue();
        assertThat(TockServer.isLoopback("::1")).isTrue();
        assertThat(TockServer.isLoopback("0.0.0.0")).isFalse();
    }
}

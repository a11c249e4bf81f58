package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code /v1/namespaces/{ns}/secrets}: values go in, names, keys and versions come out, and bad input is a problem naming its field. */
class SecretRoutesTest extends ApiTest {
    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String SECRETS = NS + "/secrets";
    private static final String VALUE = "pa55-word-never-shown";

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config().set("secret-key", KEY), b -> { }, b -> { });
    }

    @Test
    void aSecretIsCreatedReplacedListedAndDeletedWithoutShowingAValue() {
        Http.Reply created = http.put(SECRETS + "/db", "{\"stringData\": {\"password\": \"" + VALUE + "\", \"user\": \"app\"}}").expect(201);
        assertThat(created.header("Location")).isEqualTo(SECRETS + "/db");
        JsonNode view = created.json();
        assertThat(view.get("keys").toString()).isEqualTo("[\"password\",\"user\"]");
        assertThat(view.get("version").asText()).hasSize(32);
        assertThat(view.get("changed").asBoolean()).isTrue();
        assertThat(created.raw().body()).doesNotContain(VALUE).doesNotContain("\"app\"");

        JsonNode got = http.get(SECRETS + "/db").expect(200).json();
        assertThat(got.get("version")).isEqualTo(view.get("version"));
        assertThat(got.has("changed")).isFalse();
        assertThat(got.get("createdAt").asText()).isNotBlank();

        JsonNode same = http.put(SECRETS + "/db", "{\"stringData\": {\"user\": \"app\"}, \"data\": {\"password\": \""
                + Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8)) + "\"}}").expect(200).json();
        assertThat(same.get("changed").asBoolean()).isFalse();
        assertThat(same.get("version")).isEqualTo(view.get("version"));
        assertThat(same.get("updatedAt")).isEqualTo(got.get("updatedAt"));

        JsonNode changed = http.put(SECRETS + "/db", "{\"stringData\": {\"password\": \"another\"}}").expect(200).json();
        assertThat(changed.get("changed").asBoolean()).isTrue();
        assertThat(changed.get("keys").toString()).isEqualTo("[\"password\"]");
        assertThat(changed.get("version")).isNotEqualTo(view.get("version"));

        http.put(SECRETS + "/mail", "{\"stringData\": {\"token\": \"t0ken-value\"}}").expect(201);
        JsonNode list = http.get(SECRETS).expect(200).json().get("secrets");
        assertThat(list).extracting(s -> s.get("name").asText()).containsExactly("db", "mail");
        http.delete(SECRETS + "/db").expect(204);
        http.get(SECRETS + "/db").expectProblem(404, null);
        http.delete(SECRETS + "/db").expectProblem(404, null);
    }

    @Test
    void aDryRunSaysWhetherValuesWouldChangeAndStoresNothing() {
        JsonNode absent = http.put(SECRETS + "/db?dryRun=true", "{\"stringData\": {\"password\": \"one\"}}").expect(200).json();
        assertThat(absent.get("changed").asBoolean()).isTrue();
        http.get(SECRETS + "/db").expectProblem(404, null);

        String version = http.put(SECRETS + "/db", "{\"stringData\": {\"password\": \"one\"}}").expect(201).text("version");
        assertThat(absent.get("version").asText()).isEqualTo(version);
        JsonNode same = http.put(SECRETS + "/db?dryRun=true", "{\"stringData\": {\"password\": \"one\"}}").expect(200).json();
        assertThat(same.get("changed").asBoolean()).isFalse();
        JsonNode other = http.put(SECRETS + "/db?dryRun=true", "{\"stringData\": {\"password\": \"two\"}}").expect(200).json();
        assertThat(other.get("changed").asBoolean()).isTrue();
        assertThat(http.get(SECRETS + "/db").expect(200).text("version")).isEqualTo(version);
    }

    @Test
    void badInputIsAProblemNamingItsFieldAndNeverQuotingAValue() {
        http.put(SECRETS + "/Bad_Name", "{\"stringData\": {\"k\": \"v\"}}").expectProblem(400, "name");
        http.put(SECRETS + "/db", "{\"stringData\": {}}").expectProblem(400, "stringData");
        http.put(SECRETS + "/db", "{}").expectProblem(400, "stringData");
        http.put(SECRETS + "/db", "{\"stringData\": {\"bad key\": \"v\"}}").expectProblem(400, "data");
        http.put(SECRETS + "/db", "{\"stringData\": {\"k\": 5}}").expectProblem(400, "stringData.k");
        http.put(SECRETS + "/db", "{\"stringData\": {\"k\": \"v\"}, \"extra\": 1}").expectProblem(400, "extra");
        http.put(SECRETS + "/db", "{\"stringData\": {\"k\": \"v\"}, \"data\": {\"k\": \"dg==\"}}").expectProblem(400, "data.k");
        http.put(SECRETS + "/db?dryRun=maybe", "{\"stringData\": {\"k\": \"v\"}}").expectProblem(400, "dryRun");
        Http.Reply notBase64 = http.put(SECRETS + "/db", "{\"data\": {\"k\": \"" + VALUE + "\"}}").expectProblem(400, "data.k");
        assertThat(notBase64.raw().body()).doesNotContain(VALUE);
        String notUtf8 = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe});
        http.put(SECRETS + "/db", "{\"data\": {\"k\": \"" + notUtf8 + "\"}}").expectProblem(400, "data.k");
        http.put("/v1/namespaces/nope/secrets/db", "{\"stringData\": {\"k\": \"v\"}}").expectProblem(404, null);
        http.get(SECRETS + "/nothing").expectProblem(404, null);
    }

    @Test
    void aNodeWithoutASecretKeyRefusesToStoreOneAndNamesTheSetting() {
        try (ServerFixture keyless = ServerFixture.h2()) {
            Http.Reply refused = keyless.http.put(SECRETS + "/db", "{\"stringData\": {\"k\": \"v\"}}").expectProblem(409, null);
            assertThat(refused.text("detail")).contains("secret-key-file", "TOCK_SECRET_KEY");
            keyless.http.get(SECRETS).expect(200);
            keyless.http.put(NS + "/queues/q", "{}").expect(201);
        }
    }
}

package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import dev.tock.http.wire.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing a client sends is interpreted beyond JSON data: no class names (Jackson's default typing is
 * off and no wire type is polymorphic), no XML, no JNDI or LDAP lookups. A payload naming a class is
 * stored and returned as the data it is.
 */
class UntrustedInputTest extends ApiTest {

    @Test
    void aPayloadNamingAClassIsJustData() {
        String payload = "{\"@class\":\"java.lang.Runtime\",\"@type\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/pwned\"],"
                + "\"url\":\"${jndi:ldap://127.0.0.1:1389/a}\",\"@c\":\".ProcessBuilder\"}";
        var created = http.post(NS + "/jobs", "{\"type\": \"t\", \"payload\": " + payload + "}").expect(201);
        var job = http.get(NS + "/jobs/" + created.text("id")).expect(200).json();
        assertThat(job.get("payload").get("@class").asText()).isEqualTo("java.lang.Runtime");
        assertThat(job.get("payload").get("url").asText()).isEqualTo("${jndi:ldap://127.0.0.1:1389/a}");
        assertThat(fixture.tock.jobs().get(dev.tock.model.JobId.parse(created.text("id"))).payload()).contains("java.lang.Runtime");
        assertThat(new java.io.File("/tmp/pwned")).doesNotExist();
    }

    @Test
    void typeHintsInRequestBodiesAreUnknownFieldsNotInstructions() {
        http.post(NS + "/jobs", "{\"@class\": \"java.lang.Runtime\", \"type\": \"t\"}").expectProblem(400, "@class");
        http.put(NS + "/queues/q", "{\"@type\": \"java.net.URL\", \"maxRunning\": 1}").expectProblem(400, "@type");
        http.post(NS + "/jobs", "{\"type\": [\"java.lang.Runtime\", {}]}").expectProblem(400, "type");
    }

    @Test
    void xmlIsNeverParsed() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><job><type>&e;</type></job>";
        var reply = http.send("POST", NS + "/jobs", xxe, Map.of("Content-Type", "application/xml")).expectProblem(400, null);
        assertThat(reply.raw().body()).doesNotContain("root:");
    }

    @Test
    void theMapperHasNoDefaultTypingAndReadsStrictly() {
        var mapper = new Json().mapper();
        assertThat(mapper.getDeserializationConfig().getDefaultTyper(null)).as("default typing").isNull();
        assertThat(mapper.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
        assertThat(mapper.isEnabled(MapperFeature.ALLOW_COERCION_OF_SCALARS)).isFalse();
        assertThat(mapper.getRegisteredModuleIds()).noneMatch(id -> id.toString().toLowerCase().contains("xml"));
    }
}

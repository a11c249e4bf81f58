package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpenApiTest extends ApiTest {

    @Test
    void theDocumentListsExactlyTheRoutesOfTheTable() {
        JsonNode doc = http.get("/openapi.json").expect(200).json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey()));
        }
        Set<String> routed = new HashSet<>();
        fixture.server.routes().forEach(r -> routed.add(r.method() + " " + r.path().text()));
        assertThat(documented).isEqualTo(routed);
        assertThat(routed).contains("POST /v1/namespaces/{ns}/jobs", "GET /v1/cluster", "GET /openapi.json", "GET /ready");
    }

    @Test
    void everyOperationIsDescribedAndEveryReferenceResolves() {
        JsonNode doc = http.get("/openapi.json").expect(200).json();
        Set<String> operationIds = new HashSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode o = op.getValue();
            assertThat(operationIds.add(o.get("operationId").asText())).as("unique operationId").isTrue();
            assertThat(o.get("summary").asText()).isNotBlank();
            assertThat(o.get("responses").has("default")).isTrue();
            Matcher params = Pattern.compile("\\{(\\w+)}").matcher(path.getKey());
            while (params.find()) {
                String name = params.group(1);
                assertThat(o.get("parameters").findValuesAsText("name")).as(path.getKey()).contains(name);
            }
        }));
        Matcher refs = Pattern.compile("\"\\$ref\":\"#/components/schemas/([^\"]+)\"").matcher(doc.toString());
        while (refs.find()) {
            assertThat(doc.get("components").get("schemas").has(refs.group(1))).as(refs.group(1)).isTrue();
        }
        JsonNode jobRequest = doc.get("components").get("schemas").get("JobRequest");
        assertThat(jobRequest.get("additionalProperties").asBoolean()).isFalse();
        assertThat(List.of(jobRequest.get("properties").fieldNames()).isEmpty()).isFalse();
        assertThat(jobRequest.get("properties").has("idempotencyKey")).isTrue();
    }
}

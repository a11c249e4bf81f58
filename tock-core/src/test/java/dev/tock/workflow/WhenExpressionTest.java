package dev.tock.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WhenExpressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean test(String expression) throws Exception {
        JsonNode inputs = JSON.readTree("{\"env\":\"prod\",\"n\":3}");
        Map<String, JsonNode> outputs = Map.of("ports", JSON.readTree("{\"open\":[22,80],\"web\":true}"));
        Scope scope = new Scope(inputs, outputs::get, Optional.of(JSON.readTree("{\"ip\":\"10.0.0.1\"}")));
        return WhenExpression.parse(expression, "when").test(scope, "when");
    }

    @Test
    void comparesLogicAndFunctions() throws Exception {
        assertThat(test("steps.ports.output.web == true")).isTrue();
        assertThat(test("steps.ports.output.web")).isTrue();
        assertThat(test("contains(steps.ports.output.open, 80) && inputs.env == 'prod'")).isTrue();
        assertThat(test("contains(steps.ports.output.open, 443) || inputs.n >= 4")).isFalse();
        assertThat(test("!(inputs.n < 3) && len(steps.ports.output.open) == 2")).isTrue();
        assertThat(test("item.ip != \"10.0.0.2\"")).isTrue();
        assertThat(test("inputs.missing")).isFalse();
        assertThat(test("inputs.missing == null")).isTrue();
    }
}

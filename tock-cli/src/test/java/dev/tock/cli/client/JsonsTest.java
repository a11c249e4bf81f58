package dev.tock.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonsTest {
    /**
     * What {@code -o yaml} and {@code tock import} print is read back by {@code tock apply}: a text that looks like a
     * number, a boolean or null must stay text (an env value "42" read back as the number 42 is refused or changed).
     */
    @Test
    void yamlKeepsTextThatLooksLikeOtherTypesAsText() throws Exception {
        JsonNode tree = Jsons.JSON.readTree("""
                {"int": "42", "negative": "-7", "decimal": "3.50", "exponent": "1e3", "octal": "0o17", "hex": "0x1F",
                 "true": "true", "yes": "yes", "off": "off", "null": "null", "tilde": "~", "empty": "",
                 "plus": "+1", "dot": ".5", "inf": ".inf", "nan": ".NaN", "time": "12:30", "date": "2026-12-07",
                 "numbers": [1, -2, 3.5, 1e3], "flags": [true, false, null], "list": ["8080", "v1", "0.10"],
                 "Yes": "Yes", "NULL": "NULL", "True": "True", "OFF": "OFF", "underscores": "1_000",
                 "port": 8080, "text": "plain words", "job": "01a25191-466b-76b7-998d-546cc1060f13",
                 "at": "2026-12-07T17:33:24.949120Z"}""");

        String yaml = Jsons.yaml(tree);

        assertThat(Jsons.YAML.readTree(yaml)).isEqualTo(tree);
        assertThat(yaml).contains("int: \"42\"").contains("port: 8080").contains("text: plain words")
                // Texts that read back as themselves stay unquoted, as before.
                .contains("job: 01a25191-466b-76b7-998d-546cc1060f13").contains("at: 2026-12-07T17:33:24.949120Z");
    }
}

package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConcurrencyKeyTest {

    @Test
    void aLiteralKeyIsItself() {
        assertThat(new ConcurrencyKey("tenant-1").resolve("{}")).isEqualTo(new KeyAssignment("tenant-1", java.util.Optional.empty()));
    }

    @Test
    void aTemplateTakesNestedFieldsAndScalarsOfThePayload() {
        KeyAssignment key = new ConcurrencyKey("{{payload.org.id}}/{{ payload.region }}-{{payload.n}}")
                .resolve("{\"org\": {\"id\": \"acme\"}, \"region\": \"eu\", \"n\": 7}");
        assertThat(key.key()).isEqualTo("acme/eu-7");
        assertThat(key.note()).isEmpty();
    }

    @Test
    void aMissingNullOrObjectFieldGivesTheEmptyKeyWithANote() {
        ConcurrencyKey template = new ConcurrencyKey("{{payload.tenant}}");
        for (String payload : new String[] {"{}", "{\"tenant\": null}", "{\"tenant\": {\"a\": 1}}", "[1, 2]", "not json"}) {
            KeyAssignment key = template.resolve(payload);
            assertThat(key.key()).as(payload).isEmpty();
            assertThat(key.note()).as(payload).isPresent();
        }
        assertThat(template.resolve("{}").note().orElseThrow()).contains("payload.tenant missing").contains("key \"\"");
    }

    @Test
    void aTemplateThatCanNeverResolveIsRefusedNamingTheField() {
        for (String bad : new String[] {"{{tenant}}", "{{payload}}", "{{payload.}}", "{{payload.a b}}", "x{{payload.a", "a}}b", ""}) {
            assertThatThrownBy(() -> new ConcurrencyKey(bad)).as(bad).isInstanceOf(InvalidJobException.class)
                    .extracting(e -> ((InvalidJobException) e).field()).isEqualTo("concurrencyKey");
        }
    }
}

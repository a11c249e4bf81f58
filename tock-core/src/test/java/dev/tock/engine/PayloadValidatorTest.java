package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.model.InvalidJobException;
import org.junit.jupiter.api.Test;

class PayloadValidatorTest {
    private final PayloadValidator validator = new PayloadValidator(1024);

    private void assertRejected(PayloadValidator v, String payload, String messagePart) {
        assertThatThrownBy(() -> v.validate(payload))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo("payload"));
    }

    @Test
    void acceptsAnySingleJsonValue() {
        for (String ok : new String[] {"{}", "[]", "{\"a\":[1,2,{\"b\":null}]}", "[1,\"x\"]", "42", "-1.5e3",
                "\"text\"", "true", "null", "  {\"padded\":true}\n"}) {
            assertThatCode(() -> validator.validate(ok)).as(ok).doesNotThrowAnyException();
        }
    }

    @Test
    void rejectsEmptyPayloads() {
        assertRejected(validator, "", "empty");
        assertRejected(validator, "  \n ", "empty");
    }

    @Test
    void rejectsTextAfterTheValue() {
        assertRejected(validator, "{} {}", "after");
        assertRejected(validator, "1 2", "after");
        assertRejected(validator, "{}x", "payload");
    }

    @Test
    void rejectsInvalidJson() {
        for (String bad : new String[] {"{", "{\"a\":}", "[1,]", "{a:1}", "'x'", "NaN", "tru", "{\"a\":1}}"}) {
            assertRejected(validator, bad, "payload");
        }
        assertRejected(validator, "{\"a\":}", "not valid JSON");
    }

    @Test
    void sizeLimitCountsUtf8Bytes() {
        PayloadValidator tiny = new PayloadValidator(10);
        assertThatCode(() -> tiny.validate("\"12345678\"")).doesNotThrowAnyException(); // 10 bytes
        assertRejected(tiny, "\"123456789\"", "larger than the limit of 10 bytes"); // 11 bytes
        // "€" is 3 bytes in UTF-8: 5 characters but 11 bytes.
        assertRejected(tiny, "\"€€€\"", "larger");
        assertThatCode(() -> tiny.validate("\"€€\"")).doesNotThrowAnyException(); // 8 bytes
        // An emoji is 2 chars and 4 bytes: 6 characters but 10 bytes fits, 8 chars / 14 bytes does not.
        assertThatCode(() -> tiny.validate("\"😀😀\"")).doesNotThrowAnyException();
        assertRejected(tiny, "\"😀😀😀\"", "larger");
    }

    @Test
    void nestingIsLimitedTo200Levels() {
        assertThatCode(() -> new PayloadValidator(10_000).validate(nested(200))).doesNotThrowAnyException();
        assertRejected(new PayloadValidator(10_000), nested(201), "not valid JSON");
        assertRejected(new PayloadValidator(10_000), "{\"a\":".repeat(201) + "1" + "}".repeat(201), "not valid JSON");
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }
}

package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {
    private static void assertInvalid(String field, Runnable check) {
        assertThatThrownBy(check::run)
                .isInstanceOf(InvalidJobException.class)
                .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo(field));
    }

    @Test
    void resourceNamesAreDnsLabels() {
        for (String ok : new String[] {"a", "0", "billing", "eu-west-1", "a".repeat(63)}) {
            assertThat(Names.requireResourceName("queue", ok)).isEqualTo(ok);
        }
        for (String bad : new String[] {"", "Billing", "under_score", "-lead", "trail-", "dot.ted", "a".repeat(64), null}) {
            assertInvalid("queue", () -> Names.requireResourceName("queue", bad));
        }
        assertInvalid("namespace", () -> Names.requireResourceName("namespace", "NS"));
    }

    @Test
    void typesAllowPunctuationAfterTheFirstCharacter() {
        for (String ok : new String[] {"x", "SendEmail", "billing.invoice:v2/send-now_1", "a".repeat(200)}) {
            assertThat(Names.requireType(ok)).isEqualTo(ok);
        }
        for (String bad : new String[] {"", ".hidden", "_x", "has space", "a".repeat(201), "é", null}) {
            assertInvalid("type", () -> Names.requireType(bad));
        }
    }

    @Test
    void labelKeysStartAndEndWithALetterOrDigit() {
        for (String ok : new String[] {"k", "team", "app.kubernetes.io/name", "A_b-c", "k".repeat(63)}) {
            assertThat(Names.requireLabelKey(ok)).isEqualTo(ok);
        }
        for (String bad : new String[] {"", "-k", "k-", "with space", "k:v", "k".repeat(64), null}) {
            assertInvalid("labels", () -> Names.requireLabelKey(bad));
        }
    }

    @Test
    void longNamesAreShortenedInTheMessage() {
        String longName = "X".repeat(500);
        assertThatThrownBy(() -> Names.requireType(longName + " "))
                .hasMessageContaining("X".repeat(80) + "…")
                .hasMessageNotContaining("X".repeat(81));
    }
}

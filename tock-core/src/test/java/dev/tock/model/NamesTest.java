package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
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

    /** The checks are loops; these regular expressions are the rules they implement, tried on many random names. */
    @Test
    void theChecksAgreeWithTheRulesAsRegularExpressions() {
        Pattern resource = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
        Pattern type = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}");
        Pattern labelKey = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_./-]{0,61}[A-Za-z0-9])?");
        Pattern worker = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,254}");
        String alphabet = "az09AZ-_.:/@ é\u0000";
        Random random = new Random(7);
        for (int k = 0; k < 50_000; k++) {
            int length = random.nextInt(10) == 0 ? 60 + random.nextInt(200) : random.nextInt(6);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                b.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : "abz0".charAt(random.nextInt(4)));
            }
            String name = b.toString();
            assertThat(Names.isResourceName(name)).as(name).isEqualTo(resource.matcher(name).matches());
            assertThat(accepts(() -> Names.requireType(name))).as(name).isEqualTo(type.matcher(name).matches());
            assertThat(accepts(() -> Names.requireLabelKey(name))).as(name).isEqualTo(labelKey.matcher(name).matches());
            assertThat(accepts(() -> Names.requireWorker(name))).as(name).isEqualTo(worker.matcher(name).matches());
        }
    }

    private static boolean accepts(Runnable check) {
        try {
            check.run();
            return true;
        } catch (InvalidJobException e) {
            return false;
        }
    }
}

package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class NewJobTest {
    private static NewJob build(UnaryOperator<NewJob.Builder> customise) {
        return customise.apply(NewJob.builder("send-email")).build();
    }

    private static void assertInvalid(String field, UnaryOperator<NewJob.Builder> customise) {
        assertThatThrownBy(() -> build(customise))
                .isInstanceOf(InvalidJobException.class)
                .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo(field));
    }

    @Test
    void builderDefaults() {
        NewJob job = NewJob.builder("send-email").build();
        assertThat(job.namespace()).isEqualTo("default");
        assertThat(job.queue()).isEqualTo("default");
        assertThat(job.type()).isEqualTo("send-email");
        assertThat(job.payload()).isEqualTo("{}");
        assertThat(job.priority()).isZero();
        assertThat(job.runAt()).isEmpty();
        assertThat(job.delay()).isZero();
        assertThat(job.idempotencyKey()).isEmpty();
        assertThat(job.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(job.timeout()).isEmpty();
        assertThat(job.labels()).isEmpty();
        assertThat(NewJob.of("t", "[1]").payload()).isEqualTo("[1]");
    }

    @Test
    void nullOptionalsInTheCanonicalConstructorBecomeDefaults() {
        NewJob job = new NewJob("ns", "q", "t", "{}", 0, null, null, null, null, null, null);
        assertThat(job.runAt()).isEmpty();
        assertThat(job.delay()).isZero();
        assertThat(job.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(job.labels()).isEmpty();
    }

    @Test
    void namespaceAndQueueFollowTheResourceNameRules() {
        assertInvalid("namespace", b -> b.namespace("Default"));
        assertInvalid("namespace", b -> b.namespace(""));
        assertInvalid("queue", b -> b.queue("q_1"));
        assertInvalid("queue", b -> b.queue("q".repeat(64)));
        assertThat(build(b -> b.namespace("team-a").queue("q".repeat(63))).queue()).hasSize(63);
    }

    @Test
    void typeFollowsTheTypeRules() {
        for (String bad : new String[] {null, "", "-x", "has space", "t".repeat(201)}) {
            assertThatThrownBy(() -> NewJob.builder(bad).build())
                    .isInstanceOf(InvalidJobException.class)
                    .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo("type"));
        }
        assertThat(NewJob.builder("t".repeat(200)).build().type()).hasSize(200);
    }

    @Test
    void payloadMustNotBeNull() {
        assertInvalid("payload", b -> b.payload(null));
    }

    @Test
    void priorityMustBeInRange() {
        assertInvalid("priority", b -> b.priority(-1001));
        assertInvalid("priority", b -> b.priority(1001));
        assertThat(build(b -> b.priority(-1000)).priority()).isEqualTo(-1000);
        assertThat(build(b -> b.priority(1000)).priority()).isEqualTo(1000);
    }

    @Test
    void delayMustNotBeNegativeNorCombinedWithRunAt() {
        assertInvalid("delay", b -> b.delay(Duration.ofMillis(-1)));
        assertInvalid("runAt", b -> b.runAt(Instant.EPOCH).delay(Duration.ofSeconds(1)));
        assertThat(build(b -> b.runAt(Instant.EPOCH)).runAt()).contains(Instant.EPOCH);
        assertThat(build(b -> b.runAt(Instant.EPOCH).delay(Duration.ZERO)).runAt()).contains(Instant.EPOCH);
    }

    @Test
    void idempotencyKeyMustBeNonBlankAndShort() {
        assertInvalid("idempotencyKey", b -> b.idempotencyKey(""));
        assertInvalid("idempotencyKey", b -> b.idempotencyKey("  \t"));
        assertInvalid("idempotencyKey", b -> b.idempotencyKey("k".repeat(256)));
        assertThat(build(b -> b.idempotencyKey("k".repeat(255))).idempotencyKey()).contains("k".repeat(255));
    }

    @Test
    void timeoutMustBePositiveAndAtMostSevenDays() {
        assertInvalid("timeout", b -> b.timeout(Duration.ZERO));
        assertInvalid("timeout", b -> b.timeout(Duration.ofSeconds(-1)));
        assertInvalid("timeout", b -> b.timeout(Duration.ofDays(7).plusMillis(1)));
        assertThat(build(b -> b.timeout(Duration.ofDays(7))).timeout()).contains(Duration.ofDays(7));
    }

    @Test
    void labelsAreLimitedInNumberKeyAndValue() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("k" + i, "v");
        }
        assertInvalid("labels", b -> b.labels(many));
        many.remove("k0");
        assertThat(build(b -> b.labels(many)).labels()).hasSize(64);
        assertInvalid("labels", b -> b.label("-bad", "v"));
        assertInvalid("labels", b -> b.label("k", "v".repeat(254)));
        assertThat(build(b -> b.label("k", "v".repeat(253))).labels()).containsEntry("k", "v".repeat(253));
    }

    @Test
    void labelsAreImmutableAndCopied() {
        Map<String, String> source = new HashMap<>(Map.of("team", "billing"));
        NewJob job = build(b -> b.labels(source));
        source.put("extra", "x");
        assertThat(job.labels()).containsExactly(Map.entry("team", "billing"));
        assertThatThrownBy(() -> job.labels().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    }
}

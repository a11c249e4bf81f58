package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class QueueTest {
    private static void assertInvalid(String field, Runnable construct) {
        assertThatThrownBy(construct::run)
                .isInstanceOf(InvalidJobException.class)
                .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo(field));
    }

    @Test
    void ofIsUnlimitedAndRunning() {
        Queue q = Queue.of("default", "emails");
        assertThat(q.maxRunning()).isEmpty();
        assertThat(q.paused()).isFalse();
    }

    @Test
    void maxRunningMustBeBetweenOneAndLimit() {
        Queue q = Queue.of("default", "emails");
        assertInvalid("maxRunning", () -> q.withMaxRunning(0));
        assertInvalid("maxRunning", () -> q.withMaxRunning(-1));
        assertInvalid("maxRunning", () -> q.withMaxRunning(Queue.MAX_RUNNING_LIMIT + 1));
        assertThat(q.withMaxRunning(1).maxRunning()).hasValue(1);
        assertThat(q.withMaxRunning(Queue.MAX_RUNNING_LIMIT).maxRunning()).hasValue(100_000);
        assertThat(new Queue("default", "emails", null, false).maxRunning()).isEmpty();
    }

    @Test
    void namesAreValidated() {
        assertInvalid("namespace", () -> Queue.of("Default", "emails"));
        assertInvalid("queue", () -> Queue.of("default", "e mails"));
    }

    @Test
    void withersChangeOneFieldAndKeepTheRest() {
        Queue limited = Queue.of("ns", "q").withMaxRunning(5).withPaused(true);
        assertThat(limited).isEqualTo(new Queue("ns", "q", OptionalInt.of(5), true));
        assertThat(limited.withoutLimit()).isEqualTo(new Queue("ns", "q", OptionalInt.empty(), true));
        assertThat(limited.withPaused(false)).isEqualTo(new Queue("ns", "q", OptionalInt.of(5), false));
        assertThat(limited.withMaxRunning(9)).isEqualTo(new Queue("ns", "q", OptionalInt.of(9), true));
    }
}

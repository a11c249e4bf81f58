package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.handler.JobHandler;
import dev.tock.model.InvalidJobException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandlerRegistryTest {
    private final JobHandler noop = ctx -> { };

    @Test
    void aTypeIsKnownWithAHandlerHereOrDeclaredRemote() {
        HandlerRegistry registry = new HandlerRegistry(Map.of("local", noop), Set.of("remote"));
        assertThatCode(() -> registry.requireKnown("local")).doesNotThrowAnyException();
        assertThatCode(() -> registry.requireKnown("remote")).doesNotThrowAnyException();
        assertThatThrownBy(() -> registry.requireKnown("other"))
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("type");
        assertThat(registry.localTypes()).containsExactly("local");
    }

    @Test
    void acceptingAnyTypeKnowsEveryTypeButRunsOnlyItsOwn() {
        HandlerRegistry registry = new HandlerRegistry(Map.of("local", noop), Set.of(), true);
        assertThatCode(() -> registry.requireKnown("sent.by.http")).doesNotThrowAnyException();
        assertThat(registry.localTypes()).containsExactly("local");
        assertThat(registry.handlerFor("sent.by.http")).isEmpty();
    }
}

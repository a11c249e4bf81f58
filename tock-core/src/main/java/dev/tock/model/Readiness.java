package dev.tock.model;

import java.util.Optional;

/**
 * Whether a node can serve: its store answers and the schema is current.
 *
 * @param reason why it cannot, when it cannot
 */
public record Readiness(boolean ready, Optional<String> reason) {

    public static Readiness ok() {
        return new Readiness(true, Optional.empty());
    }

    public static Readiness notReady(String reason) {
        return new Readiness(false, Optional.of(reason));
    }
}

package dev.tock.model;

import java.util.Optional;

/**
 * How many due jobs of one type (or executor kind) wait in a queue.
 *
 * @param executorKind the executor that runs them; empty for jobs run by a handler of their type
 */
public record ReadyWork(String queue, String type, Optional<String> executorKind, long ready) {
    public ReadyWork {
        executorKind = executorKind == null ? Optional.empty() : executorKind;
    }
}

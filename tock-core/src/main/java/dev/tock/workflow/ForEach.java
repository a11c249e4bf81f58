package dev.tock.workflow;

import java.util.Optional;

/**
 * Fan-out: one instance per item. Either {@code items} (a template giving a JSON list, e.g.
 * {@code {{steps.discovery.output.hosts}}}) with an optional {@code key} template naming each item, or
 * {@code sameAs}: the items of an earlier fan-out step, each started as soon as that step's instance for the
 * same item finished (pipelining per item).
 *
 * @param maxParallel at most this many instances of the step run at once
 */
public record ForEach(Optional<String> items, Optional<String> key, Optional<String> sameAs, int maxParallel) {
    public static final int DEFAULT_MAX_PARALLEL = 100;
}

package dev.tock.workflow;

import java.util.Locale;

/**
 * Where a step instance is. An instance with a job reads its job's state in views; this is what the
 * planner needs to know: waiting (a fan-out item beyond {@code maxParallel}), active (its job exists and has
 * not finished), or one of the final states.
 */
public enum InstanceState {
    WAITING, ACTIVE, SUCCEEDED, DEAD, CANCELLED, SKIPPED;

    public boolean isFinal() {
        return this != WAITING && this != ACTIVE;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

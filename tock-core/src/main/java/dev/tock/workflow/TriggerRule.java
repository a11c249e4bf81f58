package dev.tock.workflow;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/** When a step runs, judged once every step it needs has finished. */
public enum TriggerRule {
    /** Every need succeeded (the default); a skipped need skips this step too. */
    ALL_SUCCEEDED("allSucceeded"),
    /** Every need finished, whatever its outcome. */
    ALL_DONE("allDone"),
    /** At least one need succeeded. */
    ANY_SUCCEEDED("anySucceeded"),
    /** No need failed or was cancelled; skipped ones are fine. */
    NONE_FAILED("noneFailed");

    private final String wireName;

    TriggerRule(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<TriggerRule> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    /** Whether the step runs, given the final states of what it needs (none needed: it runs). */
    public boolean admits(Collection<InstanceState> needs) {
        return switch (this) {
            case ALL_SUCCEEDED -> needs.stream().allMatch(s -> s == InstanceState.SUCCEEDED);
            case ALL_DONE -> true;
            case ANY_SUCCEEDED -> needs.isEmpty() || needs.stream().anyMatch(s -> s == InstanceState.SUCCEEDED);
            case NONE_FAILED -> needs.stream().noneMatch(s -> s == InstanceState.DEAD || s == InstanceState.CANCELLED);
        };
    }
}

package dev.tock.workflow;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The life of a workflow run: {@code running} until every step has finished, then {@code succeeded}
 * (no step dead or cancelled) or {@code failed}; {@code cancelled} by hand. A failed or cancelled run may be
 * retried, which makes it running again.
 */
public enum RunState {
    RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RunState> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}

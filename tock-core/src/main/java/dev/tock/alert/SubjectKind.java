package dev.tock.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of thing an alert rule watches: a schedule, a queue, the jobs of a type, a heartbeat monitor, or the runs of a workflow. */
public enum SubjectKind {
    SCHEDULE, QUEUE, JOB, MONITOR, WORKFLOW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<SubjectKind> fromWireName(String text) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(text)).findFirst();
    }
}

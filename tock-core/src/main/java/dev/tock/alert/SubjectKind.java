package dev.tock.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of thing an alert rule watches: a schedule, a queue, the jobs of a type, or a heartbeat monitor. */
public enum SubjectKind {
    SCHEDULE, QUEUE, JOB, MONITOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<SubjectKind> fromWireName(String text) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(text)).findFirst();
    }
}

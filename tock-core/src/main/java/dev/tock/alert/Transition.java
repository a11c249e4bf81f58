package dev.tock.alert;

import java.util.Locale;

/** What a notification tells: an alert fired, fired still (a repeat), resolved; or a test message. */
public enum Transition {
    FIRING, REALERT, RESOLVED, TEST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.tock.alert;

import java.util.Locale;

/** An alert's lifecycle: it fires once per incident and resolves once; nothing else. */
public enum AlertState {
    FIRING, RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

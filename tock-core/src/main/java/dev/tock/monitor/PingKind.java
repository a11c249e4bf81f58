package dev.tock.monitor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a ping says: the work succeeded ({@code ping}), started, or failed. */
public enum PingKind {
    PING, START, FAIL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PingKind> fromWireName(String text) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(text)).findFirst();
    }
}

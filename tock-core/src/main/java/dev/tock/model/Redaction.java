package dev.tock.model;

import java.util.Locale;
import java.util.Set;

/**
 * Which header and environment names hold secrets: their values are shown as {@value #REDACTED} in the
 * API, in logs and in attempts.
 */
public final class Redaction {
    public static final String REDACTED = "***";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");
    private static final String[] SECRET_WORDS = {"token", "secret", "password", "passwd", "key", "signature", "credential", "auth"};

    private Redaction() {
    }

    /** Whether a header or variable of this name is taken to hold a secret even when not declared one. */
    public static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (SECRET_HEADERS.contains(lower)) {
            return true;
        }
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }
}

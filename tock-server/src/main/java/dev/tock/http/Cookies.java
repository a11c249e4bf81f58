package dev.tock.http;

import java.time.Duration;
import java.util.Optional;

/** The dashboard's cookies: the HttpOnly session cookie and the CSRF cookie its script reads. */
final class Cookies {
    static final String SESSION = "tock_session";
    static final String CSRF = "tock_csrf";
    /** The header every mutation made with the session cookie must carry, holding the CSRF token. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    private Cookies() {
    }

    /** The value of cookie {@code name} in the request's {@code Cookie} header. */
    static Optional<String> read(ApiRequest request, String name) {
        Optional<String> header = request.header("Cookie");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        for (String part : header.get().split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(name + "=")) {
                String value = trimmed.substring(name.length() + 1);
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** A {@code Set-Cookie} value: SameSite=Strict always, HttpOnly for the session, Secure over TLS. */
    static String set(String name, String value, Duration maxAge, boolean httpOnly, boolean secure) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; SameSite=Strict"
                + (httpOnly ? "; HttpOnly" : "") + (secure ? "; Secure" : "");
    }

    /** A {@code Set-Cookie} value that deletes the cookie. */
    static String clear(String name, boolean httpOnly, boolean secure) {
        return set(name, "", Duration.ZERO, httpOnly, secure);
    }
}

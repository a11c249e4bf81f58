package dev.tock.http.security;

import dev.tock.security.ApiToken;
import dev.tock.security.Session;
import java.security.Principal;
import java.util.Optional;

/**
 * Who made a request: the token it authenticated with, and the dashboard session when it came with
 * the session cookie instead of an {@code Authorization} header.
 */
public record Caller(ApiToken token, Optional<Session> session) implements Principal {

    @Override
    public String getName() {
        return token.name();
    }

    /** Whether it authenticated with the session cookie, so that its mutations need the CSRF token. */
    public boolean viaSession() {
        return session.isPresent();
    }
}

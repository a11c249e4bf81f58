package dev.tock.http;

import dev.tock.config.SecurityConfig;
import dev.tock.http.security.AuditLog;
import dev.tock.http.security.Authenticator;
import dev.tock.http.security.RateLimiter;

/** What the security filter and the token, audit and login routes share. */
record ServerSecurity(SecurityConfig config, Authenticator authenticator, RateLimiter limiter, AuditLog audit) {

    boolean auth() {
        return config.auth();
    }
}

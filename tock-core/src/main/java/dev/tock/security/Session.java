package dev.tock.security;

import java.time.Instant;

/**
 * A dashboard session, made by logging in with a token: the browser holds the session id in an
 * HttpOnly cookie, the store its hash. Mutations made with the cookie must carry the CSRF token.
 *
 * @param idHash the SHA-256 hash of the session id ({@link TokenSecrets#hash})
 * @param tokenId the token the session was opened with; revoking it ends the session
 */
public record Session(String idHash, String tokenId, String csrfToken, Instant createdAt, Instant expiresAt) {
    public Session {
        if (idHash == null || !idHash.matches("[0-9a-f]{64}") || tokenId == null || csrfToken == null || createdAt == null
                || expiresAt == null) {
            throw new IllegalArgumentException("a session needs an id hash, a token id, a CSRF token and its times");
        }
    }

    @Override
    public String toString() {
        return "Session[token " + tokenId + " until " + expiresAt + "]";
    }
}

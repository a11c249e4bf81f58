package dev.tock.security;

/**
 * A token with the hash of its secret, as it passes between the store and the authenticating server.
 * Never sent over the API: responses carry {@link ApiToken} only.
 */
public record StoredToken(ApiToken token, String hash) {
    public StoredToken {
        if (token == null || hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a stored token needs the token and a SHA-256 hash of 64 hex digits");
        }
    }

    @Override
    public String toString() {
        return "StoredToken[" + token.id() + " " + token.name() + "]";
    }
}

package dev.tock.http.security;

import dev.tock.security.ApiToken;
import dev.tock.security.Session;
import dev.tock.security.StoredToken;
import dev.tock.security.TokenSecrets;
import dev.tock.service.Security;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a bearer secret or a session id into a {@link Caller}. Looks tokens up by the SHA-256 of the
 * secret and compares the hashes in constant time; remembers what it read for a few seconds so that
 * a busy client costs no store round trip per request. A token revoked on this node stops working at
 * once, one revoked on another node within {@link #CACHE_TTL}.
 */
public final class Authenticator {
    /** How long a lookup is reused; also how long another node may still accept a token revoked elsewhere. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    /** Unknown secrets are remembered too; the cache is emptied when it grows past this. */
    private static final int MAX_CACHED = 10_000;

    private final Security store;
    private final Clock clock;
    private final Map<String, Cached<StoredToken>> tokens = new ConcurrentHashMap<>();
    private final Map<String, Cached<Session>> sessions = new ConcurrentHashMap<>();

    private record Cached<T>(Optional<T> value, Instant loaded) {
    }

    public Authenticator(Security store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The caller a bearer secret stands for; empty when it is unknown, expired or revoked. */
    public Optional<Caller> bearer(String secret) {
        String hash = TokenSecrets.hash(secret);
        return token(hash)
                .filter(stored -> TokenSecrets.sameHash(stored.hash(), hash))
                .map(StoredToken::token)
                .filter(t -> t.activeAt(clock.instant()))
                .map(t -> new Caller(t, Optional.empty()));
    }

    /** The caller a session id stands for; empty when the session ended or its token is no longer active. */
    public Optional<Caller> session(String sessionId) {
        String idHash = TokenSecrets.hash(sessionId);
        Instant now = clock.instant();
        Optional<Session> session = cached(sessions, idHash, () -> store.findSession(idHash)).filter(s -> now.isBefore(s.expiresAt()));
        if (session.isEmpty()) {
            return Optional.empty();
        }
        return tokenById(session.get().tokenId()).filter(t -> t.activeAt(now)).map(t -> new Caller(t, session));
    }

    /** Opens a session for {@code token}; returns its id, for the cookie, and the session. */
    public Opened openSession(ApiToken token, Duration ttl) {
        String id = TokenSecrets.random(32);
        Instant now = clock.instant();
        Session session = new Session(TokenSecrets.hash(id), token.id(), TokenSecrets.random(32), now, now.plus(ttl));
        store.createSession(session);
        return new Opened(id, session);
    }

    /** A new session and the id the browser keeps. */
    public record Opened(String id, Session session) {
        @Override
        public String toString() {
            return "Opened[" + session + "]";
        }
    }

    /** Ends a session (logout). */
    public void endSession(Session session) {
        store.deleteSession(session.idHash());
        sessions.remove(session.idHash());
    }

    /** Forgets what it remembers of a token, after it was revoked or replaced on this node. */
    public void forgetToken(String tokenId) {
        tokens.values().removeIf(c -> c.value().map(s -> s.token().id().equals(tokenId)).orElse(false));
        sessions.values().removeIf(c -> c.value().map(s -> s.tokenId().equals(tokenId)).orElse(false));
    }

    private Optional<StoredToken> token(String hash) {
        return cached(tokens, hash, () -> store.findTokenByHash(hash));
    }

    private Optional<ApiToken> tokenById(String id) {
        for (Cached<StoredToken> c : tokens.values()) {
            if (c.value().isPresent() && c.value().get().token().id().equals(id) && fresh(c)) {
                return Optional.of(c.value().get().token());
            }
        }
        return store.findToken(id);
    }

    private <T> Optional<T> cached(Map<String, Cached<T>> cache, String key, java.util.function.Supplier<Optional<T>> load) {
        Cached<T> hit = cache.get(key);
        if (hit != null && fresh(hit)) {
            return hit.value();
        }
        Optional<T> value = load.get();
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, new Cached<>(value, clock.instant()));
        return value;
    }

    private boolean fresh(Cached<?> c) {
        return Duration.between(c.loaded(), clock.instant()).compareTo(CACHE_TTL) < 0;
    }
}

package dev.tock.store;

import dev.tock.security.ApiToken;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import dev.tock.security.Session;
import dev.tock.security.StoredToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens (stored hashed), dashboard sessions and the audit log. Secrets never enter the store:
 * only their SHA-256 hashes, which {@link #findTokenByHash} is the one way to read back.
 */
public interface SecurityStore {

    /**
     * Stores a new token with the hash of its secret.
     *
     * @throws dev.tock.security.TokenNameTakenException when a token (even a revoked one) has its name
     */
    void createToken(ApiToken token, String hash);

    /** The token whose secret hashes to {@code hash}, revoked and expired ones included. */
    Optional<StoredToken> findTokenByHash(String hash);

    Optional<ApiToken> findToken(String id);

    Optional<ApiToken> findTokenByName(String name);

    /** Every token, revoked ones included, by creation time. */
    List<ApiToken> tokens();

    /**
     * Revokes a token at the store's clock; its sessions end with it.
     *
     * @return false when there is no such token or it was revoked already
     */
    boolean revokeToken(String id);

    /** Deletes a token and its sessions, e.g. to replace a bootstrap token; false when there was none. */
    boolean deleteToken(String id);

    void createSession(Session session);

    Optional<Session> findSession(String idHash);

    /** Ends a session (logout); false when there was none. */
    boolean deleteSession(String idHash);

    /** Deletes the sessions expired at {@code now}; returns how many. */
    int deleteExpiredSessions(Instant now);

    /** Appends entries to the audit log in one transaction, stamping each with the store's clock. */
    void appendAudit(List<AuditEntry> entries);

    /** One page of audit entries, newest first. */
    List<AuditEntry> audit(AuditQuery query);

    /** Deletes audit entries older than {@code before}; returns how many. */
    int deleteAuditBefore(Instant before);
}

package dev.tock.service;

import dev.tock.security.ApiToken;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import dev.tock.security.Session;
import dev.tock.security.StoredToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API tokens, dashboard sessions, the audit log and the first admin token. Secrets are never stored:
 * only their SHA-256 hashes.
 */
public interface Security {

    /** The store's clock, against which tokens and sessions expire. */
    Instant now();

    /**
     * Stores a new token and returns its secret, which exists nowhere else: show it once.
     *
     * @throws dev.tock.security.TokenNameTakenException when a token (even a revoked one) has its name
     */
    String createToken(ApiToken token);

    /** The token whose secret hashes to {@code hash}, revoked and expired ones included. */
    Optional<StoredToken> findTokenByHash(String hash);

    /** A token by id, else by name. */
    Optional<ApiToken> findToken(String idOrName);

    /** Every token, revoked ones included, by creation time. */
    List<ApiToken> tokens();

    /**
     * Revokes a token (by id or name) at the store's clock; its sessions end with it.
     *
     * @return the token as it is now
     * @throws dev.tock.security.TokenNotFoundException when there is no such token
     * @throws dev.tock.model.ConflictException when it is the last active admin token for every namespace
     */
    ApiToken revokeToken(String idOrName);

    void createSession(Session session);

    Optional<Session> findSession(String idHash);

    /** Ends a session (logout); false when there was none. */
    boolean deleteSession(String idHash);

    /** Appends entries to the audit log in one transaction, stamping each with the store's clock. */
    void appendAudit(List<AuditEntry> entries);

    /** One page of audit entries, newest first. */
    List<AuditEntry> audit(AuditQuery query);

    /** Deletes audit entries older than {@code before}; returns how many. */
    int deleteAuditBefore(Instant before);

    /**
     * Makes sure an admin token exists. Given a secret (from {@code TOCK_ADMIN_TOKEN}), the token
     * {@code env-admin} gets it, replacing an older secret; else, when no token exists at all, creates
     * {@code bootstrap-admin} with a new secret. Safe when several nodes start at once.
     *
     * @return the new secret of {@code bootstrap-admin} when this call created it, for the caller to show once
     * @throws dev.tock.config.ConfigException when the given secret is too short or has spaces
     */
    Optional<String> bootstrapAdmin(Optional<String> adminSecret);

    /**
     * Gives the admin token {@code bootstrap-admin} a new secret, creating it when absent and replacing it
     * (with its sessions) when it exists, revoked or not: the way back in for whoever can reach the
     * database but lost every admin secret ({@code tock tokens reset-admin}). Recorded in the audit log.
     *
     * @return the new secret, for the caller to show once
     */
    String resetBootstrapAdmin();
}

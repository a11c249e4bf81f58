package dev.tock.engine;

import dev.tock.model.ConflictException;
import dev.tock.security.ApiToken;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import dev.tock.security.Role;
import dev.tock.security.Session;
import dev.tock.security.StoredToken;
import dev.tock.security.TokenNotFoundException;
import dev.tock.security.TokenSecrets;
import dev.tock.service.Security;
import dev.tock.store.SecurityStore;
import dev.tock.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link Security} on this node: secrets are hashed here, and the last cluster admin token cannot be revoked. */
final class SecurityService implements Security {
    /** How a reset of the bootstrap admin token shows in the audit log: a local command, not a request. */
    private static final String RESET_METHOD = "LOCAL";
    private static final String RESET_COMMAND = "tock tokens reset-admin";
    private static final String RESET_ADDRESS = "local";
    private final Store store;
    private final SecurityStore security;
    private final AdminBootstrap bootstrap;

    SecurityService(Store store) {
        this.store = store;
        this.security = store.security();
        this.bootstrap = new AdminBootstrap(security);
    }

    @Override
    public Instant now() {
        return store.now();
    }

    @Override
    public String createToken(ApiToken token) {
        String secret = TokenSecrets.newSecret();
        security.createToken(token, TokenSecrets.hash(secret));
        return secret;
    }

    @Override
    public Optional<StoredToken> findTokenByHash(String hash) {
        return security.findTokenByHash(hash);
    }

    @Override
    public Optional<ApiToken> findToken(String idOrName) {
        return security.findToken(idOrName).or(() -> security.findTokenByName(idOrName));
    }

    @Override
    public List<ApiToken> tokens() {
        return security.tokens();
    }

    @Override
    public ApiToken revokeToken(String idOrName) {
        ApiToken token = findToken(idOrName).orElseThrow(() -> new TokenNotFoundException(idOrName));
        Instant now = now();
        if (token.activeAt(now) && isClusterAdmin(token) && activeClusterAdmins(now) == 1) {
            throw new ConflictException("token " + token.name() + " is the last active admin token for every namespace; "
                    + "create another before revoking it (or restart a node with TOCK_ADMIN_TOKEN)");
        }
        security.revokeToken(token.id());
        return security.findToken(token.id()).orElseThrow(() -> new TokenNotFoundException(idOrName));
    }

    private long activeClusterAdmins(Instant now) {
        return security.tokens().stream().filter(t -> t.activeAt(now) && isClusterAdmin(t)).count();
    }

    private static boolean isClusterAdmin(ApiToken t) {
        return t.role() == Role.ADMIN && t.coversCluster();
    }

    @Override
    public void createSession(Session session) {
        security.createSession(session);
    }

    @Override
    public Optional<Session> findSession(String idHash) {
        return security.findSession(idHash);
    }

    @Override
    public boolean deleteSession(String idHash) {
        return security.deleteSession(idHash);
    }

    @Override
    public void appendAudit(List<AuditEntry> entries) {
        security.appendAudit(entries);
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        return security.audit(query);
    }

    @Override
    public int deleteAuditBefore(Instant before) {
        return security.deleteAuditBefore(before);
    }

    @Override
    public Optional<String> bootstrapAdmin(Optional<String> adminSecret) {
        return bootstrap.run(adminSecret, now());
    }

    @Override
    public String resetBootstrapAdmin() {
        Instant now = now();
        String secret = bootstrap.reset(now);
        security.appendAudit(List.of(new AuditEntry(0, now, Optional.empty(), Optional.empty(), RESET_METHOD, RESET_COMMAND,
                RESET_COMMAND, Optional.empty(), Optional.of("token/" + AdminBootstrap.BOOTSTRAP_TOKEN), 200, RESET_ADDRESS)));
        return secret;
    }
}

package dev.tock.store.jdbc;

import dev.tock.security.ApiToken;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import dev.tock.security.Role;
import dev.tock.security.Session;
import dev.tock.security.StoredToken;
import dev.tock.security.TokenNameTakenException;
import dev.tock.store.SecurityStore;
import dev.tock.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The {@code tock_tokens}, {@code tock_sessions} and {@code tock_audit} tables. */
final class SecurityRepository implements SecurityStore {
    private static final String TOKEN_COLUMNS = "id, name, role, namespaces, queues, created_at, created_by, expires_at, revoked_at";
    private static final String SELECT_TOKENS = "SELECT " + TOKEN_COLUMNS + " FROM tock_tokens";
    private final Transactions tx;
    private final String now;

    SecurityRepository(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.now = dialect.now();
    }

    // ---- tokens ----------------------------------------------------------------------------------

    @Override
    public void createToken(ApiToken token, String hash) {
        tx.run("creating token", c -> {
            int inserted = Sql.update(c, "INSERT INTO tock_tokens (" + TOKEN_COLUMNS + ", token_hash)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    token.id(), token.name(), token.role().wireName(), String.join(",", token.namespaces()),
                    String.join(",", token.queues()), token.createdAt(), token.createdBy(),
                    timestampOrNull(token.expiresAt()), timestampOrNull(token.revokedAt()), hash);
            if (inserted == 1) {
                return null;
            }
            if (Sql.exists(c, "SELECT 1 FROM tock_tokens WHERE name = ?", token.name())) {
                throw new TokenNameTakenException(token.name());
            }
            throw new StoreException("token " + token.name() + " was not stored: its id or secret is in use");
        });
    }

    private static Object timestampOrNull(Optional<Instant> value) {
        return Sql.orNull(value.orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    public Optional<StoredToken> findTokenByHash(String hash) {
        return tx.one("finding token", "SELECT " + TOKEN_COLUMNS + ", token_hash FROM tock_tokens WHERE token_hash = ?",
                rs -> new StoredToken(token(rs), rs.getString("token_hash")), hash);
    }

    @Override
    public Optional<ApiToken> findToken(String id) {
        return tx.one("finding token", SELECT_TOKENS + " WHERE id = ?", SecurityRepository::token, id);
    }

    @Override
    public Optional<ApiToken> findTokenByName(String name) {
        return tx.one("finding token", SELECT_TOKENS + " WHERE name = ?", SecurityRepository::token, name);
    }

    @Override
    public List<ApiToken> tokens() {
        return tx.list("reading tokens", SELECT_TOKENS + " ORDER BY created_at, id", SecurityRepository::token);
    }

    @Override
    public boolean revokeToken(String id) {
        return tx.run("revoking token", c -> {
            int changed = Sql.update(c, "UPDATE tock_tokens SET revoked_at = " + now + " WHERE id = ? AND revoked_at IS NULL", id);
            deleteSessionsOf(c, id);
            return changed == 1;
        });
    }

    @Override
    public boolean deleteToken(String id) {
        return tx.run("deleting token", c -> {
            deleteSessionsOf(c, id);
            return Sql.update(c, "DELETE FROM tock_tokens WHERE id = ?", id) == 1;
        });
    }

    private static void deleteSessionsOf(Connection c, String tokenId) throws SQLException {
        Sql.update(c, "DELETE FROM tock_sessions WHERE token_id = ?", tokenId);
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString("id"), rs.getString("name"), Role.fromWireName(rs.getString("role")),
                names(rs.getString("namespaces")), names(rs.getString("queues")), JobRows.instant(rs, "created_at"),
                rs.getString("created_by"), Optional.ofNullable(JobRows.instant(rs, "expires_at")),
                Optional.ofNullable(JobRows.instant(rs, "revoked_at")));
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        return names;
    }

    // ---- sessions --------------------------------------------------------------------------------

    @Override
    public void createSession(Session session) {
        tx.update("creating session", "INSERT INTO tock_sessions (id_hash, token_id, csrf_token, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?)", session.idHash(), session.tokenId(), session.csrfToken(), session.createdAt(),
                session.expiresAt());
    }

    @Override
    public Optional<Session> findSession(String idHash) {
        return tx.one("finding session", "SELECT id_hash, token_id, csrf_token, created_at, expires_at FROM tock_sessions"
                + " WHERE id_hash = ?", rs -> new Session(rs.getString(1), rs.getString(2), rs.getString(3),
                JobRows.instant(rs, "created_at"), JobRows.instant(rs, "expires_at")), idHash);
    }

    @Override
    public boolean deleteSession(String idHash) {
        return tx.update("ending session", "DELETE FROM tock_sessions WHERE id_hash = ?", idHash) == 1;
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return tx.update("deleting expired sessions", "DELETE FROM tock_sessions WHERE expires_at <= ?", now);
    }

    // ---- audit -----------------------------------------------------------------------------------

    @Override
    public void appendAudit(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        tx.run("writing audit entries", c -> {
            Sql.batch(c, "INSERT INTO tock_audit (at, token_id, token_name, method, route, path, namespace, resource, status,"
                    + " address) VALUES (" + now + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)", entries, e -> new Object[] {
                    e.tokenId().orElse(null), e.tokenName().orElse(null), e.method(), e.route(), e.path(),
                    e.namespace().orElse(null), e.resource().orElse(null), e.status(), e.address()});
            return null;
        });
    }

    @Override
    public List<AuditEntry> audit(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM tock_audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.namespace().ifPresent(ns -> { sql.append(" AND namespace = ?"); args.add(ns); });
        q.token().ifPresent(t -> { sql.append(" AND (token_id = ? OR token_name = ?)"); args.add(t); args.add(t); });
        q.from().ifPresent(t -> { sql.append(" AND at >= ?"); args.add(t); });
        q.before().ifPresent(t -> { sql.append(" AND at < ?"); args.add(t); });
        q.beforeId().ifPresent(id -> { sql.append(" AND id < ?"); args.add(id); });
        sql.append(" ORDER BY id DESC LIMIT ").append(q.limit());
        return tx.list("reading the audit log", sql.toString(), SecurityRepository::entry, args.toArray());
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), JobRows.instant(rs, "at"), Optional.ofNullable(rs.getString("token_id")),
                Optional.ofNullable(rs.getString("token_name")), rs.getString("method"), rs.getString("route"),
                rs.getString("path"), Optional.ofNullable(rs.getString("namespace")), Optional.ofNullable(rs.getString("resource")),
                rs.getInt("status"), rs.getString("address"));
    }

    @Override
    public int deleteAuditBefore(Instant before) {
        return tx.update("pruning the audit log", "DELETE FROM tock_audit WHERE at < ?", before);
    }
}

package dev.tock.store.jdbc;

import dev.tock.security.ApiToken;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import dev.tock.security.Role;
import dev.tock.security.Session;
import dev.tock.security.StoredToken;
import dev.tock.security.TokenNameTakenException;
import dev.tock.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
final class SecurityRepository {
    private static final String TOKEN_COLUMNS = "id, name, role, namespaces, queues, created_at, created_by, expires_at, revoked_at";
    private final Transactions tx;
    private final Dialect dialect;

    SecurityRepository(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    // ---- tokens ----------------------------------------------------------------------------------

    void createToken(ApiToken token, String hash) {
        tx.run("creating token", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tock_tokens (" + TOKEN_COLUMNS + ", token_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                int i = 1;
                ps.setString(i++, token.id());
                ps.setString(i++, token.name());
                ps.setString(i++, token.role().wireName());
                ps.setString(i++, String.join(",", token.namespaces()));
                ps.setString(i++, String.join(",", token.queues()));
                JobRows.setInstant(ps, i++, token.createdAt());
                ps.setString(i++, token.createdBy());
                JobRows.setInstant(ps, i++, token.expiresAt().orElse(null));
                JobRows.setInstant(ps, i++, token.revokedAt().orElse(null));
                ps.setString(i, hash);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            if (exists(c, "SELECT 1 FROM tock_tokens WHERE name = ?", token.name())) {
                throw new TokenNameTakenException(token.name());
            }
            throw new StoreException("token " + token.name() + " was not stored: its id or secret is in use");
        });
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    Optional<StoredToken> findByHash(String hash) {
        return tx.run("finding token", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TOKEN_COLUMNS + ", token_hash FROM tock_tokens WHERE token_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredToken(token(rs), rs.getString("token_hash"))) : Optional.empty();
                }
            }
        });
    }

    Optional<ApiToken> findBy(String column, String value) {
        List<ApiToken> found = select(" WHERE " + column + " = ?", value);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<ApiToken> tokens() {
        return select(" ORDER BY created_at, id", null);
    }

    private List<ApiToken> select(String where, String value) {
        return tx.run("reading tokens", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TOKEN_COLUMNS + " FROM tock_tokens" + where)) {
                if (value != null) {
                    ps.setString(1, value);
                }
                List<ApiToken> tokens = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(token(rs));
                    }
                }
                return tokens;
            }
        });
    }

    boolean revoke(String id) {
        return tx.run("revoking token", c -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE tock_tokens SET revoked_at = " + dialect.now()
                    + " WHERE id = ? AND revoked_at IS NULL")) {
                ps.setString(1, id);
                changed = ps.executeUpdate();
            }
            deleteSessionsOf(c, id);
            return changed == 1;
        });
    }

    boolean delete(String id) {
        return tx.run("deleting token", c -> {
            deleteSessionsOf(c, id);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tock_tokens WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static void deleteSessionsOf(Connection c, String tokenId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tock_sessions WHERE token_id = ?")) {
            ps.setString(1, tokenId);
            ps.executeUpdate();
        }
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

    void createSession(Session session) {
        tx.run("creating session", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tock_sessions (id_hash, token_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, session.idHash());
                ps.setString(2, session.tokenId());
                ps.setString(3, session.csrfToken());
                JobRows.setInstant(ps, 4, session.createdAt());
                JobRows.setInstant(ps, 5, session.expiresAt());
                return ps.executeUpdate();
            }
        });
    }

    Optional<Session> findSession(String idHash) {
        return tx.run("finding session", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id_hash, token_id, csrf_token, created_at, expires_at FROM tock_sessions WHERE id_hash = ?")) {
                ps.setString(1, idHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Session(rs.getString(1), rs.getString(2), rs.getString(3),
                            JobRows.instant(rs, "created_at"), JobRows.instant(rs, "expires_at"))) : Optional.empty();
                }
            }
        });
    }

    boolean deleteSession(String idHash) {
        return update("ending session", "DELETE FROM tock_sessions WHERE id_hash = ?", ps -> ps.setString(1, idHash)) == 1;
    }

    int deleteExpiredSessions(Instant now) {
        return update("deleting expired sessions", "DELETE FROM tock_sessions WHERE expires_at <= ?",
                ps -> JobRows.setInstant(ps, 1, now));
    }

    // ---- audit -----------------------------------------------------------------------------------

    void append(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        tx.run("writing audit entries", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tock_audit (at, token_id, token_name, method, route, path,"
                    + " namespace, resource, status, address) VALUES (" + dialect.now() + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEntry e : entries) {
                    int i = 1;
                    ps.setString(i++, e.tokenId().orElse(null));
                    ps.setString(i++, e.tokenName().orElse(null));
                    ps.setString(i++, e.method());
                    ps.setString(i++, e.route());
                    ps.setString(i++, e.path());
                    ps.setString(i++, e.namespace().orElse(null));
                    ps.setString(i++, e.resource().orElse(null));
                    ps.setInt(i++, e.status());
                    ps.setString(i, e.address());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    List<AuditEntry> audit(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM tock_audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.namespace().ifPresent(ns -> { sql.append(" AND namespace = ?"); args.add(ns); });
        q.token().ifPresent(t -> { sql.append(" AND (token_id = ? OR token_name = ?)"); args.add(t); args.add(t); });
        q.from().ifPresent(t -> { sql.append(" AND at >= ?"); args.add(t); });
        q.before().ifPresent(t -> { sql.append(" AND at < ?"); args.add(t); });
        q.beforeId().ifPresent(id -> { sql.append(" AND id < ?"); args.add(id); });
        sql.append(" ORDER BY id DESC LIMIT ").append(q.limit());
        return tx.run("reading the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    Object arg = args.get(i);
                    switch (arg) {
                        case String s -> ps.setString(i + 1, s);
                        case Instant t -> JobRows.setInstant(ps, i + 1, t);
                        case Long l -> ps.setLong(i + 1, l);
                        default -> ps.setNull(i + 1, Types.VARCHAR);
                    }
                }
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                }
                return entries;
            }
        });
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), JobRows.instant(rs, "at"), Optional.ofNullable(rs.getString("token_id")),
                Optional.ofNullable(rs.getString("token_name")), rs.getString("method"), rs.getString("route"),
                rs.getString("path"), Optional.ofNullable(rs.getString("namespace")), Optional.ofNullable(rs.getString("resource")),
                rs.getInt("status"), rs.getString("address"));
    }

    int deleteAuditBefore(Instant before) {
        return update("pruning the audit log", "DELETE FROM tock_audit WHERE at < ?", ps -> JobRows.setInstant(ps, 1, before));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String what, String sql, Binder binder) {
        return tx.run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }
}

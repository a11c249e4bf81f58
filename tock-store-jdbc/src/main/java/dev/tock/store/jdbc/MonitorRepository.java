package dev.tock.store.jdbc;

import dev.tock.monitor.Ping;
import dev.tock.monitor.PingKind;
import dev.tock.monitor.StoredMonitor;
import dev.tock.store.MonitorStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The {@code tock_monitors} and {@code tock_monitor_pings} tables. */
final class MonitorRepository implements MonitorStore {
    private static final String MONITORS = "SELECT namespace, name, spec, token_hash, created_at, updated_at FROM tock_monitors ";
    private final Transactions tx;
    private final Dialect dialect;
    private final NamespaceRepository namespaces;

    MonitorRepository(Transactions tx, Dialect dialect, NamespaceRepository namespaces) {
        this.tx = tx;
        this.dialect = dialect;
        this.namespaces = namespaces;
    }

    @Override
    public boolean save(String namespace, String name, String specJson, String tokenHash) {
        namespaces.require(namespace);
        return tx.run("saving a monitor", c -> Sql.insertOrUpdate(c,
                "INSERT INTO tock_monitors (spec, token_hash, namespace, name, created_at, updated_at) VALUES (?, ?, ?, ?, "
                        + dialect.now() + ", " + dialect.now() + ") ON CONFLICT DO NOTHING", new Object[] {specJson, tokenHash, namespace, name},
                "UPDATE tock_monitors SET spec = ?, updated_at = " + dialect.now() + " WHERE namespace = ? AND name = ?",
                new Object[] {specJson, namespace, name}));
    }

    @Override
    public boolean replaceToken(String namespace, String name, String tokenHash) {
        return tx.update("replacing a ping token", "UPDATE tock_monitors SET token_hash = ?, updated_at = " + dialect.now()
                + " WHERE namespace = ? AND name = ?", tokenHash, namespace, name) == 1;
    }

    @Override
    public Optional<StoredMonitor> find(String namespace, String name) {
        return tx.one("reading a monitor", MONITORS + "WHERE namespace = ? AND name = ?", MonitorRepository::monitor, namespace, name);
    }

    @Override
    public List<StoredMonitor> list(Optional<String> namespace) {
        return namespace.isPresent()
                ? tx.list("listing monitors", MONITORS + "WHERE namespace = ? ORDER BY name", MonitorRepository::monitor, namespace.get())
                : tx.list("listing monitors", MONITORS + "ORDER BY namespace, name", MonitorRepository::monitor);
    }

    @Override
    public boolean delete(String namespace, String name) {
        return tx.run("deleting a monitor", c -> {
            Sql.update(c, "DELETE FROM tock_monitor_pings WHERE namespace = ? AND monitor = ?", namespace, name);
            return Sql.update(c, "DELETE FROM tock_monitors WHERE namespace = ? AND name = ?", namespace, name) == 1;
        });
    }

    @Override
    public Instant ping(String namespace, String name, PingKind kind) {
        return tx.run("recording a ping", c -> {
            Instant at = Sql.one(c, "SELECT " + dialect.now() + " AS t", rs -> JobRows.instant(rs, "t")).orElseThrow();
            Sql.update(c, "INSERT INTO tock_monitor_pings (namespace, monitor, id, kind, at) VALUES (?, ?, ?, ?, ?)", namespace, name,
                    UUID.randomUUID(), kind.wireName(), at);
            Optional<Instant> oldestKept = Sql.one(c, "SELECT at FROM tock_monitor_pings WHERE namespace = ? AND monitor = ?"
                    + " ORDER BY at DESC LIMIT 1 OFFSET " + (KEPT_PINGS - 1), rs -> JobRows.instant(rs, "at"), namespace, name);
            if (oldestKept.isPresent()) {
                Sql.update(c, "DELETE FROM tock_monitor_pings WHERE namespace = ? AND monitor = ? AND at < ?", namespace, name, oldestKept.get());
            }
            return at;
        });
    }

    @Override
    public List<Ping> pings(String namespace, String name, int limit) {
        return tx.list("reading pings", "SELECT kind, at FROM tock_monitor_pings WHERE namespace = ? AND monitor = ? ORDER BY at DESC LIMIT ?",
                rs -> new Ping(PingKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), JobRows.instant(rs, "at")),
                namespace, name, limit);
    }

    private static StoredMonitor monitor(ResultSet rs) throws SQLException {
        return new StoredMonitor(rs.getString("namespace"), rs.getString("name"), rs.getString("spec"), rs.getString("token_hash"),
                JobRows.instant(rs, "created_at"), JobRows.instant(rs, "updated_at"));
    }
}

package dev.tock.store.jdbc;

import dev.tock.secret.SealedSecret;
import dev.tock.secret.SealedValue;
import dev.tock.secret.StoredSecret;
import dev.tock.store.SecretStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The {@code tock_secrets} and {@code tock_secret_values} tables: a row per secret (version, times) and a
 * row per value (key id, ciphertext). A secret and its values change together, in one transaction.
 */
final class SecretRepository implements SecretStore {
    private static final String SECRETS = "SELECT namespace, name, version, created_at, updated_at FROM tock_secrets ";
    private static final String VALUES = "SELECT namespace, name, item_key, key_id, ciphertext FROM tock_secret_values ";
    private final Transactions tx;
    private final NamespaceRepository namespaces;
    private final String insert;
    private final String update;

    SecretRepository(Transactions tx, Dialect dialect, NamespaceRepository namespaces) {
        this.tx = tx;
        this.namespaces = namespaces;
        this.insert = "INSERT INTO tock_secrets (version, namespace, name, created_at, updated_at) VALUES (?, ?, ?, "
                + dialect.now() + ", " + dialect.now() + ") ON CONFLICT DO NOTHING";
        this.update = "UPDATE tock_secrets SET version = ?, updated_at = " + dialect.now() + " WHERE namespace = ? AND name = ?";
    }

    /** A secret's row before its values are attached. */
    private record Row(String namespace, String name, String version, Instant createdAt, Instant updatedAt) {
        StoredSecret with(Map<String, SealedValue> values) {
            return new StoredSecret(SealedSecret.of(namespace, name, values, version), createdAt, updatedAt);
        }
    }

    /** One value's row. */
    private record ValueRow(String namespace, String name, String key, SealedValue value) {
    }

    @Override
    public boolean save(SealedSecret secret) {
        namespaces.require(secret.namespace());
        return tx.run("saving secret", c -> write(c, secret));
    }

    /** Upserts the secret's row (which locks it against concurrent saves), then replaces its values. */
    private boolean write(Connection c, SealedSecret secret) throws SQLException {
        Object[] row = {secret.version(), secret.namespace(), secret.name()};
        boolean created = Sql.insertOrUpdate(c, insert, row, update, row);
        Sql.update(c, "DELETE FROM tock_secret_values WHERE namespace = ? AND name = ?", secret.namespace(), secret.name());
        Sql.batch(c, "INSERT INTO tock_secret_values (namespace, name, item_key, key_id, ciphertext) VALUES (?, ?, ?, ?, ?)",
                new ArrayList<>(secret.values().entrySet()),
                e -> new Object[] {secret.namespace(), secret.name(), e.getKey(), e.getValue().keyId(), e.getValue().ciphertext()});
        return created;
    }

    @Override
    public Optional<StoredSecret> find(String namespace, String name) {
        return tx.run("reading secret", c -> {
            Optional<Row> row = Sql.one(c, SECRETS + "WHERE namespace = ? AND name = ?", SecretRepository::row, namespace, name);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            Map<String, SealedValue> values = new TreeMap<>();
            Sql.list(c, VALUES + "WHERE namespace = ? AND name = ?", SecretRepository::valueRow, namespace, name)
                    .forEach(v -> values.put(v.key(), v.value()));
            return Optional.of(row.get().with(values));
        });
    }

    @Override
    public List<StoredSecret> list(String namespace) {
        return tx.run("listing secrets", c -> assemble(
                Sql.list(c, SECRETS + "WHERE namespace = ? ORDER BY name", SecretRepository::row, namespace),
                Sql.list(c, VALUES + "WHERE namespace = ?", SecretRepository::valueRow, namespace)));
    }

    @Override
    public boolean delete(String namespace, String name) {
        return tx.run("deleting secret", c -> {
            Sql.update(c, "DELETE FROM tock_secret_values WHERE namespace = ? AND name = ?", namespace, name);
            return Sql.update(c, "DELETE FROM tock_secrets WHERE namespace = ? AND name = ?", namespace, name) == 1;
        });
    }

    @Override
    public int rewriteAll(UnaryOperator<SealedSecret> rewrite) {
        return tx.run("re-encrypting secrets", c -> {
            List<StoredSecret> all = assemble(
                    Sql.list(c, SECRETS + "ORDER BY namespace, name FOR UPDATE", SecretRepository::row),
                    Sql.list(c, VALUES, SecretRepository::valueRow));
            for (StoredSecret secret : all) {
                write(c, rewrite.apply(secret.sealed()));
            }
            return all.size();
        });
    }

    @Override
    public Map<String, Long> valuesByKeyId() {
        Map<String, Long> counts = new TreeMap<>();
        tx.list("counting secret values by key", "SELECT key_id, COUNT(*) FROM tock_secret_values GROUP BY key_id",
                rs -> Map.entry(rs.getString(1), rs.getLong(2))).forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** The secrets of {@code rows}, each with its values from {@code values}, in the order of the rows. */
    private static List<StoredSecret> assemble(List<Row> rows, List<ValueRow> values) {
        Map<String, Map<String, SealedValue>> bySecret = new HashMap<>();
        for (ValueRow v : values) {
            bySecret.computeIfAbsent(v.namespace() + "/" + v.name(), k -> new TreeMap<>()).put(v.key(), v.value());
        }
        return rows.stream().map(r -> r.with(bySecret.getOrDefault(r.namespace() + "/" + r.name(), Map.of()))).toList();
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("namespace"), rs.getString("name"), rs.getString("version"), JobRows.instant(rs, "created_at"),
                JobRows.instant(rs, "updated_at"));
    }

    private static ValueRow valueRow(ResultSet rs) throws SQLException {
        return new ValueRow(rs.getString("namespace"), rs.getString("name"), rs.getString("item_key"),
                new SealedValue(rs.getString("key_id"), rs.getString("ciphertext")));
    }
}

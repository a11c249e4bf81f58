package dev.tock.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Empty, migrated PostgreSQL schemas for tests, reused within one test JVM: a test's schema is emptied back to what
 * migration leaves (its rows deleted, its sequences restarted, migration's own rows put back) for the next test, instead of being dropped
 * and migrated again, which costs most of a short test's time. A schema whose tables, columns, indexes, constraints,
 * triggers, functions or migration history differ from a freshly migrated one's is dropped, not reused, so every test still starts from
 * exactly what migration makes.
 */
public final class RecycledSchemas {
    private static final String HISTORY = "tock_schema_history";
    private static final String TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
            + "AND table_type = 'BASE TABLE' AND table_name <> '" + HISTORY + "' ORDER BY table_name";
    private static final String SEQUENCES = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = ? AND c.relkind = 'S' ORDER BY c.relname";

    private final String url;
    private final Consumer<String> migrate;
    private final ConcurrentLinkedDeque<String> empty = new ConcurrentLinkedDeque<>();
    private volatile Reference reference;

    /**
     * @param url     the database, with its credentials
     * @param migrate migrates the named schema, creating it (e.g. by opening and closing a store on it)
     */
    public RecycledSchemas(String url, Consumer<String> migrate) {
        this.url = url;
        this.migrate = migrate;
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "drop-recycled-schemas"));
    }

    /** A new schema name, unique across test JVMs. */
    public static String freshName() {
        return "tock_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** An emptied schema an earlier test of this JVM gave back, or else a fresh name the store will migrate. */
    public String take() {
        String schema = empty.pollFirst();
        return schema != null ? schema : freshName();
    }

    /** Gives back a schema once its store is closed: emptied for the next test, or dropped if it no longer matches. */
    public void giveBack(String schema) {
        try (Connection c = DriverManager.getConnection(url)) {
            Reference ref = reference();
            if (ref.shape().equals(shape(c, schema)) && empty(c, schema, ref)) {
                empty.addFirst(schema);
                return;
            }
        } catch (SQLException e) {
            // Not reusable (e.g. a lock still held on one of its tables): drop it as a fresh-schema test would.
        }
        drop(schema);
    }

    /** Drops {@code schema} and everything in it. */
    public void drop(String schema) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }

    private void dropAll() {
        for (String schema; (schema = empty.pollFirst()) != null; ) {
            try {
                drop(schema);
            } catch (RuntimeException e) {
                // The JVM is exiting; a schema left behind is only clutter.
            }
        }
    }

    /** What a freshly migrated schema looks like and holds, from one migrated for the purpose. */
    private Reference reference() throws SQLException {
        Reference ref = reference;
        if (ref == null) {
            synchronized (this) {
                if (reference == null) {
                    String schema = freshName();
                    migrate.accept(schema);
                    try (Connection c = DriverManager.getConnection(url)) {
                        reference = new Reference(shape(c, schema), names(c, TABLES, schema), names(c, SEQUENCES, schema),
                                rows(c, schema));
                    } finally {
                        drop(schema);
                    }
                }
                ref = reference;
            }
        }
        return ref;
    }

    /**
     * Deletes the rows of every table but the migration history, restarts its sequences and puts back the rows migration
     * inserted. Deleting the few rows a test leaves costs far less than truncating some forty tables (new files for each
     * table and index); a table is emptied once no other table's rows still refer to it.
     */
    private static boolean empty(Connection c, String schema, Reference ref) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '5s'");
            List<String> left = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(ref.tables().stream()
                    .map(t -> "SELECT '" + t + "' WHERE EXISTS (SELECT 1 FROM " + schema + "." + t + ")")
                    .collect(Collectors.joining(" UNION ALL ")))) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
            while (!left.isEmpty()) {
                List<String> blocked = new ArrayList<>();
                for (String table : left) {
                    var before = c.setSavepoint();
                    try {
                        s.execute("DELETE FROM " + schema + "." + table);
                        c.releaseSavepoint(before);
                    } catch (SQLException referenced) {
                        c.rollback(before);
                        blocked.add(table);
                    }
                }
                if (blocked.size() == left.size()) {
                    throw new SQLException("rows still referenced in " + blocked);
                }
                left = blocked;
            }
            for (String sequence : ref.sequences()) {
                s.execute("ALTER SEQUENCE " + schema + "." + sequence + " RESTART");
            }
            for (Map.Entry<String, Rows> seeded : ref.rows().entrySet()) {
                Rows rows = seeded.getValue();
                String sql = "INSERT INTO " + schema + "." + seeded.getKey() + " (" + String.join(", ", rows.columns()) + ") VALUES ("
                        + String.join(", ", rows.columns().stream().map(x -> "?").toList()) + ")";
                try (PreparedStatement insert = c.prepareStatement(sql)) {
                    for (Object[] row : rows.values()) {
                        for (int i = 0; i < row.length; i++) {
                            insert.setObject(i + 1, row[i]);
                        }
                        insert.executeUpdate();
                    }
                }
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            return false;
        }
    }

    /** The schema's definition as text: tables, views, sequences and their columns, indexes, constraints, functions and history. */
    private static List<String> shape(Connection c, String schema) throws SQLException {
        List<String> shape = new ArrayList<>();
        query(c, shape, "SELECT r.relname, r.relkind, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                + "pg_get_expr(d.adbin, d.adrelid), a.attgenerated, a.attidentity FROM pg_attribute a "
                + "JOIN pg_class r ON r.oid = a.attrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
                + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE n.nspname = ? AND a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p', 'v', 'm', 'S') "
                + "ORDER BY r.relname, a.attname", schema);
        query(c, shape, "SELECT tablename, indexname, replace(indexdef, ?, '') FROM pg_indexes WHERE schemaname = ? "
                + "ORDER BY tablename, indexname", schema + ".", schema);
        query(c, shape, "SELECT r.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
                + "JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = ? "
                + "ORDER BY r.relname, k.conname", schema);
        query(c, shape, "SELECT r.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid "
                + "JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = ? AND NOT t.tgisinternal ORDER BY 1, 2", schema);
        query(c, shape, "SELECT p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p "
                + "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ? ORDER BY 1, 2", schema);
        query(c, shape, "SELECT installed_rank, version, script, checksum, success FROM " + schema + "." + HISTORY
                + " ORDER BY installed_rank");
        return shape.stream().map(line -> line.replace(schema, "<schema>")).toList();
    }

    private static void query(Connection c, List<String> into, String sql, String... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        line.append(rs.getString(i)).append('|');
                    }
                    into.add(line.toString());
                }
            }
        }
    }

    /** The rows migration itself inserted, per table, in the columns one may insert. */
    private static Map<String, Rows> rows(Connection c, String schema) throws SQLException {
        Map<String, Rows> rows = new LinkedHashMap<>();
        for (String table : names(c, TABLES, schema)) {
            List<String> columns = new ArrayList<>();
            // Columns that default to the time are left to their default, as when migration inserted the row.
            query(c, columns, "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                    + "AND is_generated = 'NEVER' AND coalesce(lower(column_default) NOT SIMILAR TO '%(current_timestamp|now\\(\\))%', true) "
                    + "ORDER BY ordinal_position", schema, table);
            List<String> names = columns.stream().map(x -> x.substring(0, x.length() - 1)).toList();
            List<Object[]> values = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + String.join(", ", names) + " FROM " + schema + "." + table)) {
                while (rs.next()) {
                    Object[] row = new Object[names.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    values.add(row);
                }
            }
            if (!values.isEmpty()) {
                rows.put(table, new Rows(names, values));
            }
        }
        return rows;
    }

    private static List<String> names(Connection c, String sql, String schema) throws SQLException {
        List<String> lines = new ArrayList<>();
        query(c, lines, sql, schema);
        return lines.stream().map(line -> line.substring(0, line.length() - 1)).toList();
    }

    private record Reference(List<String> shape, List<String> tables, List<String> sequences, Map<String, Rows> rows) {
    }

    private record Rows(List<String> columns, List<Object[]> values) {
    }
}

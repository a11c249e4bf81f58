package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** Direct reads of a test schema and of pg_stat_activity, for what the Store API does not list. */
final class PgProbe {
    private PgProbe() {
    }

    /** Jobs the store shows running under {@code node}'s lease. */
    static Set<JobId> runningOwnedBy(String schema, String node) {
        return query("SELECT id FROM " + schema + ".tock_jobs WHERE state = 'running' AND lease_owner = ?", node, rs -> {
            Set<JobId> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(new JobId(rs.getObject(1, UUID.class)));
            }
            return ids;
        });
    }

    static long count(String sql, String parameter) {
        return query(sql, parameter, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** Open connections of an application; with {@code busyOnly}, those inside a transaction or running a statement. */
    static long connections(String applicationName, boolean busyOnly) {
        return count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?"
                + (busyOnly ? " AND state <> 'idle'" : ""), applicationName);
    }

    /** The rows of a query as text, one line per row, at most {@code limit} rows: for failure messages. */
    static String rows(String sql, int limit) {
        return query(sql, null, rs -> {
            StringBuilder out = new StringBuilder();
            int columns = rs.getMetaData().getColumnCount();
            for (int n = 0; n < limit && rs.next(); n++) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i == 1 ? "\n  " : " | ").append(rs.getString(i));
                }
            }
            return out.toString();
        });
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T query(String sql, String parameter, Reader<T> reader) {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
             PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("probe failed: " + sql, e);
        }
    }
}

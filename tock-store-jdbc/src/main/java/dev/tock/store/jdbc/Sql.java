package dev.tock.store.jdbc;

import dev.tock.model.ConflictException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The prepare, bind and read loop of JDBC, written once. Parameters bind by their Java type: String,
 * Integer, Long, Boolean, Double, UUID, Instant (as {@link JobRows#setInstant} does), {@link Array}, or a
 * typed {@link Null}; a bare null binds as text. The hot path (leasing, finishing) binds by hand and
 * does not come through here: boxing every parameter is a cost it need not pay.
 */
final class Sql {

    /** Reads one row. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Binds one item of a batch. */
    @FunctionalInterface
    interface Params<T> {
        Object[] of(T item);
    }

    /** A null of an SQL type ({@link Types}), for a column that is not text. */
    record Null(int sqlType) {
    }

    private Sql() {
    }

    /** The element type name the driver knows for an array of SQL {@code type} (timestamps go as ISO-8601 text). */
    static String arrayElementType(String type) {
        return switch (type) {
            case "UUID" -> "uuid";
            case "INTEGER" -> "int4";
            case "BIGINT" -> "int8";
            case "DOUBLE PRECISION" -> "float8";
            default -> "text";
        };
    }

    /** {@code value}, or a null of {@code sqlType} when it is null. */
    static Object orNull(Object value, int sqlType) {
        return value != null ? value : new Null(sqlType);
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        }
    }

    /** The first row, if any. */
    static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        }
    }

    /** The first column of the first row as a number, e.g. of {@code SELECT COUNT(*)}. */
    static long count(Connection c, String sql, Object... params) throws SQLException {
        return one(c, sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    static boolean exists(Connection c, String sql, Object... params) throws SQLException {
        return one(c, sql, rs -> Boolean.TRUE, params).isPresent();
    }

    /** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /**
     * Inserts a row or, when its key is taken, updates it; true when this call inserted it. The INSERT
     * must skip a taken key ({@code ON CONFLICT DO NOTHING}, which both databases know), so that callers
     * saving one key at once never fail on its unique constraint: one inserts, the others wait for it
     * and update. A row deleted between the two statements is inserted again.
     */
    static boolean insertOrUpdate(Connection c, String insert, Object[] insertParams, String update, Object[] updateParams)
            throws SQLException {
        for (int round = 0; round < 3; round++) {
            if (update(c, insert, insertParams) == 1) {
                return true;
            }
            if (update(c, update, updateParams) == 1) {
                return false;
            }
        }
        throw new ConflictException("the row was deleted and created again by concurrent changes three times running; try again");
    }

    /** Runs one statement for every item, in one batch; nothing when there are none. */
    static <T> void batch(Connection c, String sql, List<T> items, Params<T> params) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T item : items) {
                bind(ps, params.of(item));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Items per IN list, well under every driver's parameter limit. */
    static final int CHUNK = 500;

    /** The items in lists of at most {@link #CHUNK}, one IN list each. */
    static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }

    /** {@code (?, ?), (?, ?)} for {@code rows} tuples of {@code width} parameters. */
    static String tuples(int rows, int width) {
        String one = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
        return String.join(", ", Collections.nCopies(rows, one));
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            bind(ps, i + 1, params[i]);
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case null -> ps.setNull(index, Types.VARCHAR);
            case String s -> ps.setString(index, s);
            case Integer n -> ps.setInt(index, n);
            case Long n -> ps.setLong(index, n);
            case Boolean b -> ps.setBoolean(index, b);
            case Double d -> ps.setDouble(index, d);
            case UUID id -> ps.setObject(index, id);
            case Instant t -> JobRows.setInstant(ps, index, t);
            case Array a -> ps.setArray(index, a);
            case Null n -> ps.setNull(index, n.sqlType());
            default -> throw new IllegalArgumentException("cannot bind a " + value.getClass().getName() + " (parameter " + index + ")");
        }
    }
}

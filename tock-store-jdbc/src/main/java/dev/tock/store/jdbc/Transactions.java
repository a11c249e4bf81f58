package dev.tock.store.jdbc;

import dev.tock.model.ConflictException;
import dev.tock.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs work in one transaction: commit on return, rollback on any failure. On the embedded store
 * every transaction also holds one process-wide lock (see {@link Dialect#serializesWrites()}).
 */
final class Transactions {
    /** The embedded file can be open in one process only, so one lock per process is enough. */
    private static final ReentrantLock EMBEDDED_WRITES = new ReentrantLock();

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final ReentrantLock lock;

    Transactions(DataSource dataSource, boolean serialize) {
        this.dataSource = dataSource;
        this.lock = serialize ? EMBEDDED_WRITES : null;
    }

    <T> T run(String what, Work<T> work) {
        return withConnection(what, connection -> {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        });
    }

    /** {@link Sql#list} in a transaction of its own. */
    <T> List<T> list(String what, String sql, Sql.Row<T> row, Object... params) {
        return run(what, c -> Sql.list(c, sql, row, params));
    }

    /** {@link Sql#one} in a transaction of its own. */
    <T> Optional<T> one(String what, String sql, Sql.Row<T> row, Object... params) {
        return run(what, c -> Sql.one(c, sql, row, params));
    }

    /** {@link Sql#update} in a transaction of its own. */
    int update(String what, String sql, Object... params) {
        return run(what, c -> Sql.update(c, sql, params));
    }

    /**
     * Runs work that is a single statement in autocommit mode: atomic by itself, and one round trip
     * instead of two (statement, then commit).
     */
    <T> T runOneStatement(String what, Work<T> work) {
        return withConnection(what, connection -> {
            connection.setAutoCommit(true);
            try {
                return work.run(connection);
            } finally {
                connection.setAutoCommit(false);
            }
        });
    }

    private <T> T withConnection(String what, Work<T> work) {
        if (lock != null) {
            lock.lock();
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    /**
     * What a failed statement means to a caller. A constraint the work ran into (SQLState class 23:
     * unique, foreign key, check) or a transaction the database rolled back to break a deadlock or a
     * serialization conflict (class 40) is a conflict with concurrent work, answered 409: the store is
     * fine and trying again may succeed. Anything else is a store failure.
     */
    static RuntimeException failure(String what, SQLException e) {
        String state = sqlState(e);
        if (state.startsWith("23") || state.startsWith("40")) {
            return new ConflictException(what + " conflicted with a concurrent change to the same object; try again", e);
        }
        return new StoreException(what + " failed: " + e.getMessage() + " (SQLState " + state + ")", e);
    }

    /** The SQLState of the failure, looking through a batch's chained exception when the batch has none. */
    private static String sqlState(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (cause.getSQLState() != null) {
                return cause.getSQLState();
            }
        }
        return "";
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}

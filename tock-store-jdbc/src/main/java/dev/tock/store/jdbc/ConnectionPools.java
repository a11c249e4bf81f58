package dev.tock.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tock.store.CompletionCommit;
import dev.tock.store.StoreException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The store's connection pools. Where the dialect has session settings for the hot path (leasing,
 * completion, heartbeats, reaping), that path gets a pool of its own, and the two share the
 * configured size; elsewhere one pool serves everything.
 */
final class ConnectionPools {
    private ConnectionPools() {
    }

    /** The size of the general pool out of {@code poolSize}. */
    static int generalSize(Dialect dialect, int poolSize) {
        return dialect.hotPathSessionSql().isPresent() ? Math.max(2, poolSize / 2) : poolSize;
    }

    static HikariDataSource general(Dialect dialect, String url, int poolSize) {
        return pool("tock-db", url, generalSize(dialect, poolSize), Optional.empty());
    }

    /**
     * The hot path's pool, or {@code general} itself where the dialect has no session settings for it.
     * With {@link CompletionCommit#FAST} its commits do not wait for the disk.
     */
    static HikariDataSource hotPath(Dialect dialect, String url, int poolSize, CompletionCommit commit, HikariDataSource general) {
        if (dialect.hotPathSessionSql().isEmpty()) {
            return general;
        }
        List<Optional<String>> settings = commit == CompletionCommit.FAST
                ? List.of(dialect.fastCommitSessionSql(), dialect.hotPathSessionSql())
                : List.of(dialect.hotPathSessionSql());
        String sessionSql = settings.stream().flatMap(Optional::stream).collect(Collectors.joining("; "));
        return pool("tock-db-hot", url, Math.max(2, poolSize - generalSize(dialect, poolSize)), Optional.of(sessionSql));
    }

    private static HikariDataSource pool(String name, String url, int size, Optional<String> sessionSql) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setAutoCommit(false);
        config.setConnectionTimeout(10_000);
        // Commit Hikari's own setup statements so no transaction is open when a connection is first used.
        config.setIsolateInternalQueries(true);
        sessionSql.ifPresent(config::setConnectionInitSql);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + url.replaceAll("(?i)password=[^&;]*", "password=***")
                    + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}

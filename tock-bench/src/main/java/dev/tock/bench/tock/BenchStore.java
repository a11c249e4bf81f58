package dev.tock.bench.tock;

import dev.tock.store.CompletionCommit;
import dev.tock.store.Store;
import dev.tock.store.Stores;
import dev.tock.store.StoreException;
import dev.tock.store.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** A store that exists only for one benchmark: a temporary H2 folder, or a fresh PostgreSQL schema. */
public final class BenchStore implements AutoCloseable {
    private static final int POOL_SIZE = 16;

    private final Store store;
    private final Runnable cleanup;

    private BenchStore(Store store, Runnable cleanup) {
        this.store = store;
        this.cleanup = cleanup;
    }

    /** Opens a throwaway store with durable completion commits, the default. */
    public static BenchStore open(String url) {
        return open(url, CompletionCommit.DURABLE);
    }

    /** Opens a throwaway store: embedded when {@code url} is null, else a new schema in that database. */
    public static BenchStore open(String url, CompletionCommit commit) {
        if (url == null || url.isBlank()) {
            return embedded();
        }
        if (url.startsWith("jdbc:postgresql:")) {
            String schema = "tock_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            // Finished jobs move to the history at each maintenance, not a minute later: a prefilled store is one
            // whose finished jobs have long moved there.
            Store store = Stores.open(new StoreOptions(url, POOL_SIZE, schema, commit).withHistoryAfter(java.time.Duration.ZERO));
            return new BenchStore(store, () -> dropSchema(url, schema));
        }
        throw new IllegalArgumentException("--db must be a PostgreSQL URL (jdbc:postgresql://...) or absent for the embedded store");
    }

    private static BenchStore embedded() {
        try {
            Path dir = Files.createTempDirectory("tock-bench-");
            Store store = Stores.open(new StoreOptions("jdbc:h2:file:" + dir.resolve("tock"), POOL_SIZE, ""));
            return new BenchStore(store, () -> deleteTree(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
        cleanup.run();
    }

    private static void dropSchema(String url, String schema) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new StoreException("could not drop benchmark schema " + schema, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

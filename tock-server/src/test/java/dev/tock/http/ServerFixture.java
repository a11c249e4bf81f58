package dev.tock.http;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import dev.tock.testing.RecycledSchemas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A server on an ephemeral port of 127.0.0.1 over a fresh store: an in-memory H2, or an empty schema on
 * the local PostgreSQL. Closing stops everything and empties the schema for the next fixture (or drops it).
 */
final class ServerFixture implements AutoCloseable {
    static final String POSTGRES_URL = System.getenv().getOrDefault("TOCK_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/tock_test?user=postgres");

    /** Migrated schemas handed on from one fixture to the next within a test JVM (see {@link RecycledSchemas}). */
    private static final RecycledSchemas SCHEMAS = new RecycledSchemas(POSTGRES_URL,
            schema -> JdbcStore.open(new StoreOptions(POSTGRES_URL, 2, schema)).close());

    final StoreOptions options;
    final Store store;
    final Tock tock;
    final TockServer server;
    final Http http;
    private final String pgSchema;

    private ServerFixture(StoreOptions options, String pgSchema, TockConfig.Builder config,
                          Consumer<Tock.Builder> engine, Consumer<TockServer.Builder> http) {
        this.options = options;
        this.pgSchema = pgSchema;
        this.store = JdbcStore.open(options);
        TockConfig c = config.build();
        Tock.Builder tb = Tock.builder().store(store).config(c).acceptAnyType();
        engine.accept(tb);
        this.tock = tb.build();
        TockServer.Builder sb = TockServer.builder(tock).host("127.0.0.1").port(0).maxRequestBytes(c.maxRequestBytes());
        http.accept(sb);
        this.server = sb.build().start();
        this.http = new Http(server.port());
    }

    /** Without authentication, so that route tests need no token; {@link #secured()} turns it on. */
    static TockConfig.Builder config() {
        return TockConfig.builder().nodeId("test-node").pollInterval(Duration.ofMillis(200)).set("auth", "off");
    }

    /** Authentication on, and no rate limit unless a test sets one. */
    static TockConfig.Builder secured() {
        return config().set("auth", "on").set("rate-limit", "0");
    }

    static ServerFixture h2() {
        return h2(config(), b -> { }, b -> { });
    }

    static ServerFixture h2(TockConfig.Builder config, Consumer<Tock.Builder> engine, Consumer<TockServer.Builder> http) {
        return new ServerFixture(new StoreOptions("jdbc:h2:mem:tock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 8, ""),
                null, config, engine, http);
    }

    static ServerFixture postgres() {
        return postgres(config(), b -> { }, b -> { });
    }

    static ServerFixture postgres(TockConfig.Builder config, Consumer<Tock.Builder> engine, Consumer<TockServer.Builder> http) {
        String schema = SCHEMAS.take();
        return new ServerFixture(new StoreOptions(POSTGRES_URL, 8, schema), schema, config, engine, http);
    }

    /** Runs SQL on the store's database directly, e.g. to break it. */
    void sql(String statement) {
        String url = pgSchema == null ? options.url() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" : POSTGRES_URL;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (pgSchema != null) {
                s.execute("SET search_path TO " + pgSchema);
            }
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** Every row of every Tock table as text, one line per row: what a reader of the database would see. */
    String dump() {
        String url = pgSchema == null ? options.url() : POSTGRES_URL;
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (pgSchema != null) {
                s.execute("SET search_path TO " + pgSchema);
            }
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (var rs = c.getMetaData().getTables(null, pgSchema == null ? null : pgSchema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    if (table.toLowerCase(java.util.Locale.ROOT).startsWith("tock_")) {
                        tables.add(table);
                    }
                }
            }
            for (String table : tables) {
                try (var rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        out.append(table).append(':');
                        for (int i = 1; i <= columns; i++) {
                            out.append(' ').append(rs.getString(i));
                        }
                        out.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not dump the store", e);
        }
        return out.toString();
    }

    @Override
    public void close() {
        http.close();
        server.stop();
        tock.stop(Duration.ofSeconds(5));
        store.close();
        if (pgSchema != null) {
            SCHEMAS.giveBack(pgSchema);
        }
    }
}

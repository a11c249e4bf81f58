package dev.tock.cli;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.handler.PermanentFailure;
import dev.tock.http.TockServer;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A real Tock server for client tests: an embedded H2 store in a folder, the REST API on an ephemeral
 * port of 127.0.0.1, and workers for two job types ({@code test.ok} succeeds, {@code test.fail} dies at
 * once). Runs {@code tock} command lines against it in-process.
 */
public final class TestServer implements AutoCloseable {
    public static final String OK_TYPE = "test.ok";
    public static final String FAILING_TYPE = "test.fail";
    /** The server's key for Secrets, as base64 (32 bytes). */
    public static final String SECRET_KEY = java.util.Base64.getEncoder().encodeToString(
            "tock-cli-test-secret-key-32bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private final String dbUrl;

    private final Store store;
    private final Tock tock;
    private final TockServer server;

    public TestServer(Path folder) {
        this(folder, false);
    }

    /** With {@code auth}, authentication is on and {@link #adminToken()} holds the bootstrap admin token. */
    public TestServer(Path folder, boolean auth) {
        this(folder, auth, java.util.Map.of());
    }

    /** With more settings, e.g. {@code command-executor-enabled=true}. */
    public TestServer(Path folder, boolean auth, java.util.Map<String, String> settings) {
        TockConfig.Builder config = TockConfig.builder().nodeId("cli-test-node").pollInterval(Duration.ofMillis(200))
                .set("auth", auth ? "on" : "off").set("secret-key", SECRET_KEY);
        settings.forEach(config::set);
        this.dbUrl = "jdbc:h2:file:" + folder.resolve("tock").toAbsolutePath();
        this.store = JdbcStore.open(new StoreOptions(dbUrl, 8, ""));
        this.tock = Tock.builder().store(store).acceptAnyType()
                .config(config.build())
                .handler(OK_TYPE, ctx -> ctx.output("done"))
                .handler(FAILING_TYPE, ctx -> {
                    throw new PermanentFailure("broken on purpose");
                })
                .build();
        this.server = TockServer.builder(tock).host("127.0.0.1").port(0).build().start();
        tock.start();
    }

    /** The bootstrap admin token's secret (authentication on). */
    public String adminToken() {
        return server.bootstrapToken().orElseThrow();
    }

    /** The JDBC URL of its store, for commands that open it as a node does. */
    public String dbUrl() {
        return dbUrl;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public Tock tock() {
        return tock;
    }

    /** What one command line printed and returned. */
    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Runs {@code tock ARGS --server URL}. */
    public Run tock(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(url());
        return run(all.toArray(String[]::new));
    }

    /** Runs {@code tock ARGS} as given. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = TockCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.stop();
        tock.stop(Duration.ofSeconds(5));
        store.close();
    }
}

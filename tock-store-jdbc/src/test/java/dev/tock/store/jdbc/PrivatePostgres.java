package dev.tock.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of one test's own: {@code initdb} into a temporary folder, its own port on
 * 127.0.0.1, its socket in that folder. A test may crash or stop it without touching the shared server
 * every other test uses. Needs PostgreSQL's server binaries ({@code TOCK_TEST_PG_BIN}, by default those of
 * the newest version under {@code /usr/lib/postgresql}); as root they run as the {@code postgres} user,
 * which PostgreSQL requires.
 */
final class PrivatePostgres implements AutoCloseable {
    private static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Path BIN = binaries();
    private static final int START_SECONDS = 60;
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(START_SECONDS + 30);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path folder;
    private final Path data;
    private final int port;
    private final Thread cleanupAtExit;
    private boolean running;

    private PrivatePostgres(Path folder, int port) {
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
        this.cleanupAtExit = new Thread(this::crashQuietly, "private-postgres-cleanup");
    }

    /**
     * Creates and starts a server with these extra {@code postgresql.conf} lines. Skips the test when the
     * binaries are missing, except under {@code CI=true}, where that fails it: CI must run it.
     */
    static PrivatePostgres startNew(String... settings) {
        requireBinaries();
        try {
            Path folder = Files.createTempDirectory("tock-pg-");
            PrivatePostgres pg = new PrivatePostgres(folder, freePort());
            Runtime.getRuntime().addShutdownHook(pg.cleanupAtExit);
            pg.create(settings);
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code TOCK_TEST_PG_BIN}, else the newest Debian-installed version's, else PostgreSQL 15's. */
    private static Path binaries() {
        String given = System.getenv("TOCK_TEST_PG_BIN");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent()))).orElse(DEFAULT_BIN);
        } catch (IOException e) {
            return DEFAULT_BIN;
        }
    }

    private static int versionOf(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void requireBinaries() {
        boolean present = Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
        String missing = "PostgreSQL's initdb and pg_ctl are not in " + BIN + " (set TOCK_TEST_PG_BIN): this test needs a"
                + " private PostgreSQL server it may crash";
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(missing + "; under CI=true it must run");
        }
        Assumptions.assumeTrue(present, missing + "; skipped");
    }

    /** JDBC URL of the server's {@code postgres} database. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    int port() {
        return port;
    }

    /** Starts the server (again), waiting until it accepts connections; after a crash it first recovers from its WAL. */
    void start() {
        pgCtl("start", "-l", folder.resolve("server.log").toString());
        running = true;
    }

    /**
     * Kills the server as a crash would: an immediate shutdown, no checkpoint, and whatever of the WAL
     * was still in its memory is lost. The next {@link #start()} recovers from what reached the files.
     */
    void crash() {
        pgCtl("stop", "-m", "immediate");
        running = false;
    }

    /** The end of the server's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(folder.resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        crashQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting, and the hook is running or ran
        }
        deleteTree(folder);
    }

    private void crashQuietly() {
        if (running) {
            try {
                crash();
            } catch (RuntimeException e) {
                System.err.println("could not stop the private PostgreSQL in " + folder + ": " + e.getMessage());
            }
        }
    }

    private void create(String... settings) throws IOException {
        if (ROOT) {
            UserPrincipal postgres = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(folder, postgres);
        }
        run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--no-sync", "--no-instructions"));
        List<String> conf = new ArrayList<>(List.of("port = " + port, "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + folder + "'", "max_connections = 40", "shared_buffers = 32MB", "fsync = on"));
        conf.addAll(List.of(settings));
        Files.writeString(data.resolve("postgresql.conf"), "\n" + String.join("\n", conf) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    private void pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w",
                "-t", Integer.toString(START_SECONDS)));
        command.addAll(List.of(arguments));
        run(command);
    }

    private static void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not end within " + COMMAND_LIMIT);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + full, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}

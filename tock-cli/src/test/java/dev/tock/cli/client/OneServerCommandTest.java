package dev.tock.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client commands against one real server that a test class shares: started before its first test, closed after
 * its last. Each class uses namespaces of its own, so its tests do not see each other's work.
 */
abstract class OneServerCommandTest {
    @TempDir
    static Path folder;
    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = new TestServer(folder);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Runs {@code tock ARGS} against the server and expects exit 0. */
    static Run ok(String... args) {
        Run run = server.tock(args);
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }

    /** Runs {@code tock ARGS} (with {@code -o json} among them) and reads what it printed. */
    static JsonNode json(String... args) throws IOException {
        return Jsons.JSON.readTree(ok(args).out());
    }
}

package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.cli.testing.SleepHandlerProvider;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tock server} as a process: serves, and on SIGTERM drains, stops and exits 0. */
class ServerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The admin token requests send; the tests take it from the server's output or give it one. */
    private String token;

    @TempDir
    Path dir;

    @Test
    void sigtermLetsRunningJobsFinishWithinTheGraceReleasesTheRestAndExitsZero() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("tock");
        String quick;
        String slow;
        try (ServerProcess server = new ServerProcess(Map.of("TOCK_LOG_LEVEL", "info"), "--port", "0", "--db", db, "--grace", "4s",
                "--set", "poll-interval=200ms")) {
            int port = server.awaitListening(Duration.ofSeconds(60));
            assertThat(server.lines()).as("where the handler came from" + server.output())
                    .anyMatch(l -> l.contains("job handlers from " + SleepHandlerProvider.class.getName() + ": [test.sleep]"));
            token = server.bootstrapToken().orElseThrow(() -> new AssertionError("no bootstrap token printed" + server.output()));
            String base = "http://127.0.0.1:" + port;
            assertThat(send(base + "/ready", "GET", null).statusCode()).isEqualTo(200);

            quick = id(send(base + "/v1/namespaces/default/jobs", "POST", "{\"type\": \"test.sleep\", \"payload\": {\"millis\": 1500}}"));
            slow = id(send(base + "/v1/namespaces/default/jobs", "POST", "{\"type\": \"test.sleep\", \"payload\": {\"millis\": 600000}}"));
            server.await(Duration.ofSeconds(30), "both jobs to run",
                    () -> state(base, quick).equals("running") && state(base, slow).equals("running"));

            server.signal("TERM");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isZero();
            assertThat(server.lines()).as(server.output())
                    .anyMatch(l -> l.startsWith("tock server draining: 2 jobs held (running or leased ahead)"))
                    .anyMatch(l -> l.equals("tock server stopped"));
        }
        try (Store store = JdbcStore.open(new StoreOptions(db, 4, ""))) {
            assertThat(store.jobs().find(JobId.parse(quick)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
            var released = store.jobs().find(JobId.parse(slow)).orElseThrow();
            assertThat(released.state()).as("released to other nodes, not failed").isEqualTo(JobState.READY);
            assertThat(released.leaseOwner()).isEmpty();
        }
    }

    @Test
    void anApiOnlyNodeServesAndRegistersWithItsRolesButRunsNothing() throws Exception {
        token = "an-admin-secret-from-the-environment-0123456789";
        try (ServerProcess server = new ServerProcess(Map.of("TOCK_ADMIN_TOKEN", token), "--port", "0", "--db",
                "jdbc:h2:file:" + dir.resolve("api"), "--roles", "api")) {
            int port = server.awaitListening(Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + port;
            // Printed after the listening line, possibly once this test has read it.
            server.await(Duration.ofSeconds(30), "the no-worker line", () -> server.lines().contains("no worker role: this node runs no jobs"));
            assertThat(server.bootstrapToken()).as("an admin token from the environment: no bootstrap token").isEmpty();
            assertThat(server.lines()).as("nor a hint to reset one").noneMatch(l -> l.contains("reset-admin"));
            JsonNode cluster = JSON.readTree(send(base + "/v1/cluster", "GET", null).body());
            assertThat(cluster.get("nodes").get(0).get("roles").toString()).isEqualTo("[\"api\"]");
            String job = id(send(base + "/v1/namespaces/default/jobs", "POST", "{\"type\": \"test.sleep\", \"payload\": {\"millis\": 1}}"));
            assertThat(state(base, job)).isEqualTo("ready");
            server.signal("TERM");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isZero();
        }
    }

    @Test
    void aBadOptionFailsWithAMessageAndNoServer() {
        StringWriter err = new StringWriter();
        CommandLine cmd = TockCommand.commandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute("server", "--roles", "api,cook", "--db", "jdbc:h2:mem:unused")).isEqualTo(2);
        assertThat(err.toString()).contains("cook").contains("api, scheduler, worker").contains("roles");
        assertThat(cmd.execute("server", "--grace", "soon", "--db", "jdbc:h2:mem:unused")).isEqualTo(2);
        assertThat(err.toString()).contains("drain-grace");
        assertThat(cmd.execute("server", "--set", "no-such-setting=1")).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-setting");
    }

    @Test
    void authenticationIsOnByDefaultAndTheBootstrapTokenIsPrintedOnceOnTheFirstStartOnly() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("auth");
        String secret;
        try (ServerProcess server = new ServerProcess("--port", "0", "--db", db)) {
            String base = "http://127.0.0.1:" + server.awaitListening(Duration.ofSeconds(60));
            secret = server.bootstrapToken().orElseThrow(() -> new AssertionError("no bootstrap token" + server.output()));
            assertThat(server.lines().stream().filter(l -> l.contains(secret)).count()).as("printed once, never logged").isEqualTo(1);
            HttpResponse<String> anonymous = send(base + "/v1/namespaces/default/jobs", "GET", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(send(base + "/health", "GET", null).statusCode()).isEqualTo(200);
            token = secret;
            assertThat(send(base + "/v1/namespaces/default/jobs", "GET", null).statusCode()).isEqualTo(200);
            server.signal("TERM");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isZero();
        }
        try (ServerProcess again = new ServerProcess("--port", "0", "--db", db)) {
            String base = "http://127.0.0.1:" + again.awaitListening(Duration.ofSeconds(60));
            assertThat(again.bootstrapToken()).as("a token exists: none is created").isEmpty();
            assertThat(send(base + "/v1/namespaces/default/jobs", "GET", null).statusCode()).isEqualTo(200);
            again.signal("TERM");
            assertThat(again.awaitExit(Duration.ofSeconds(60))).as(again.output()).isZero();
        }
    }

    @Test
    void aFirstStartOnABusyPortCreatesNoTokenAndTheNextStartPrintsIt() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("busy");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerProcess server = new ServerProcess("--port", Integer.toString(busy.getLocalPort()), "--db", db)) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isNotZero();
            assertThat(server.lines()).as(server.output()).anyMatch(l -> l.contains("could not start the HTTP server"));
            assertThat(server.bootstrapToken()).isEmpty();
        }
        try (Store store = JdbcStore.open(new StoreOptions(db, 2, ""))) {
            assertThat(store.security().tokens()).as("no token whose secret nobody saw").isEmpty();
        }
        try (ServerProcess server = new ServerProcess("--port", "0", "--db", db)) {
            String base = "http://127.0.0.1:" + server.awaitListening(Duration.ofSeconds(60));
            token = server.bootstrapToken().orElseThrow(() -> new AssertionError("no bootstrap token" + server.output()));
            assertThat(send(base + "/v1/namespaces/default/jobs", "GET", null).statusCode()).isEqualTo(200);
            server.signal("TERM");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isZero();
        }
    }

    @Test
    void resetAdminGivesTheBootstrapTokenANewSecretAndLaterStartsNameIt() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("reset");
        String lost;
        try (ServerProcess server = new ServerProcess("--port", "0", "--db", db)) {
            server.awaitListening(Duration.ofSeconds(60));
            lost = server.bootstrapToken().orElseThrow(() -> new AssertionError("no bootstrap token" + server.output()));
            assertThat(server.lines()).as("the first start shows the secret, not the way to reset it").noneMatch(l -> l.contains("reset-admin"));
            server.signal("TERM");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isZero();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = TockCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute("tokens", "reset-admin", "--db", db)).as(err.toString()).isZero();
        Matcher secret = Pattern.compile("(?m)^  export TOCK_TOKEN=(tock_\\S+)$").matcher(out.toString());
        assertThat(secret.find()).as(out.toString()).isTrue();
        assertThat(out.toString()).contains("bootstrap-admin has a new secret");

        try (ServerProcess again = new ServerProcess("--port", "0", "--db", db)) {
            String base = "http://127.0.0.1:" + again.awaitListening(Duration.ofSeconds(60));
            String dashboard = "dashboard at " + base + "/ui/ (log in with an admin token)";
            again.await(Duration.ofSeconds(30), "the dashboard line, printed after the listening line", () -> again.lines().contains(dashboard));
            assertThat(again.bootstrapToken()).isEmpty();
            assertThat(again.lines()).as(again.output())
                    .contains("an admin token exists; lost its secret? make a new one (on the database, no server needed): "
                            + "tock tokens reset-admin --db " + db);
            token = lost;
            assertThat(send(base + "/v1/namespaces/default/jobs", "GET", null).statusCode()).as("the old secret").isEqualTo(401);
            token = secret.group(1);
            assertThat(send(base + "/v1/namespaces/default/jobs", "GET", null).statusCode()).as("the new secret").isEqualTo(200);
            JsonNode audit = JSON.readTree(send(base + "/v1/audit", "GET", null).body());
            assertThat(audit.toString()).contains("tock tokens reset-admin");
            again.signal("TERM");
            assertThat(again.awaitExit(Duration.ofSeconds(60))).as(again.output()).isZero();
        }
    }

    @Test
    void noAuthIsAcceptedOnLoopbackWithAWarningAndRefusedBeyondIt() throws Exception {
        try (ServerProcess server = new ServerProcess("--port", "0", "--db", "jdbc:h2:file:" + dir.resolve("open"), "--no-auth")) {
            String base = "http://127.0.0.1:" + server.awaitListening(Duration.ofSeconds(60));
            assertThat(server.lines()).anyMatch(l -> l.startsWith("WARNING: authentication is off"));
            assertThat(server.bootstrapToken()).isEmpty();
            assertThat(send(base + "/v1/namespaces/default/jobs", "GET", null).statusCode()).isEqualTo(200);
            server.signal("TERM");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isZero();
        }
        StringWriter err = new StringWriter();
        CommandLine cmd = TockCommand.commandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute("server", "--no-auth", "--host", "0.0.0.0", "--port", "0", "--db", "jdbc:h2:mem:open-wide"))
                .isNotZero();
        assertThat(err.toString()).contains("only on a loopback address").contains("0.0.0.0");
    }

    private HttpResponse<String> send(String url, String method, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String id(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asText();
    }

    private String state(String base, String id) {
        try {
            JsonNode job = JSON.readTree(send(base + "/v1/namespaces/default/jobs/" + id, "GET", null).body());
            return job.get("state").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node SIGKILLed while it sends an alert notification: another node sends it once the dead node's claim
 * expires, with the same Idempotency-Key, and the outbox row ends sent. A real child JVM, a real PostgreSQL,
 * a real webhook receiver on 127.0.0.1 that holds the first request open.
 */
class AlertSenderKilledTest {
    private static final String PG = System.getenv().getOrDefault("TOCK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/tock_test?user=postgres");
    private final String schema = "tock_kill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer receiver;

    @AfterEach
    void cleanUp() throws Exception {
        release.countDown();
        if (receiver != null) {
            receiver.stop(0);
        }
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aNotificationWhoseSenderIsKilledIsSentByAnotherNodeWithTheSameKey() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/alerts", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            if (keys.size() == 1) {
                try {
                    release.await(120, TimeUnit.SECONDS); // the first sender dies while this request is open
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Map<String, String> env = Map.of("TOCK_AUTH", "off", "TOCK_HTTP_EGRESS_ALLOW", "127.0.0.1/32", "TOCK_DB_SCHEMA", schema,
                "TOCK_NODE_ID", "doomed");
        try (ServerProcess doomed = new ServerProcess(env, "--port", "0", "--db", PG)) {
            String base = "http://127.0.0.1:" + doomed.awaitListening(Duration.ofSeconds(60)) + "/v1/namespaces/default";
            send(base + "/alert-channels/ops", "PUT", "{\"type\": \"webhook\", \"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/alerts\"}");
            String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(send(base + "/monitors/backup", "PUT",
                    "{\"cron\": \"@hourly\"}")).path("pingToken").asText();
            send(base + "/alert-rules/backup", "PUT", "{\"subjects\": [{\"kind\": \"monitor\", \"name\": \"backup\"}],"
                    + " \"conditions\": [{\"type\": \"failed\"}], \"channels\": [\"ops\"]}");
            send(base + "/monitors/backup/fail?token=" + token, "POST", "");
            doomed.await(Duration.ofSeconds(60), "the doomed node to start sending", () -> !keys.isEmpty());
            doomed.signal("KILL");
            doomed.awaitExit(Duration.ofSeconds(30));
        }

        try (Store store = JdbcStore.open(new StoreOptions(PG, 4, schema));
             Tock survivor = Tock.builder().store(store).config(TockConfig.builder().nodeId("survivor")
                     .set("http-egress-allow", "127.0.0.1/32").build()).build().start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (keys.size() < 2) {
                assertThat(System.nanoTime()).as("the survivor to send the notification within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(keys).hasSize(2).containsOnly(keys.getFirst());
            var alert = store.alerts().firing().getFirst();
            while (!store.alerts().notifications(alert.id()).getFirst().state().equals("sent")) {
                assertThat(System.nanoTime()).as("the row to be marked sent").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(store.alerts().notifications(alert.id())).singleElement()
                    .satisfies(n -> assertThat(n.attempts()).isEqualTo(2));
        }
    }

    private static String send(String url, String method, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }
}

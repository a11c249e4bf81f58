package dev.tock.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key sharing from the command line and from YAML, and {@code tock jobs explain}. */
class FairSharingCommandsTest extends OneServerCommandTest {

    @Test
    void queuesSetChangesKeySharingAndKeepsWhatItDoesNotName() throws Exception {
        ok("namespaces", "create", "fair-cli");
        ok("queues", "set", "reports", "-n", "fair-cli", "--max-running", "20", "--per-key-max-running", "2",
                "--per-key-limit", "big=10", "--rate", "100/s", "--burst", "20", "--per-key-rate", "10/s", "--fair", "true",
                "--weight", "gold=3");
        ok("queues", "set", "reports", "-n", "fair-cli", "--per-key-burst", "4", "--per-key-limit", "small=1");
        JsonNode queue = json("queues", "get", "reports", "-n", "fair-cli", "-o", "json");
        assertThat(queue.get("maxRunning").asInt()).isEqualTo(20);
        assertThat(queue.get("perKeyMaxRunning").asInt()).isEqualTo(2);
        assertThat(queue.get("perKeyLimits").get("big").asInt()).isEqualTo(10);
        assertThat(queue.get("perKeyLimits").get("small").asInt()).isEqualTo(1);
        assertThat(queue.get("rateLimit").get("rate").asText()).isEqualTo("100/s");
        assertThat(queue.get("perKeyRate").get("burst").asInt()).isEqualTo(4);
        assertThat(queue.get("fairness").get("weights").get("gold").asInt()).isEqualTo(3);

        Run table = ok("queues", "get", "reports", "-n", "fair-cli");
        assertThat(table.out()).contains("PER KEY MAX", "RUNNING BY KEY", "100/s");

        Run bad = server.tock("queues", "set", "reports", "-n", "fair-cli", "--rate", "0/s");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("rateLimit.rate");

        ok("queues", "set", "reports", "-n", "fair-cli", "--no-key-sharing");
        JsonNode cleared = json("queues", "get", "reports", "-n", "fair-cli", "-o", "json");
        assertThat(cleared.has("perKeyMaxRunning")).isFalse();
        assertThat(cleared.get("maxRunning").asInt()).isEqualTo(20);
    }

    @Test
    void jobsExplainSaysWhyAJobWaits() throws Exception {
        ok("namespaces", "create", "fair-explain");
        String id = json("jobs", "submit", "-n", "fair-explain", "--type", TestServer.OK_TYPE, "--delay", "1h",
                "--payload", "{\"tenant\": \"acme\"}", "--concurrency-key", "{{payload.tenant}}", "-o", "json").get("id").asText();
        assertThat(json("jobs", "get", id, "-n", "fair-explain", "-o", "json").get("concurrencyKey").asText()).isEqualTo("acme");
        assertThat(ok("jobs", "explain", id, "-n", "fair-explain").out())
                .startsWith("job/fair-explain/" + id + " waits (scheduled): scheduled for later: due at");

        Run bad = server.tock("jobs", "submit", "-n", "fair-explain", "--type", TestServer.OK_TYPE, "--concurrency-key", "{{tenant}}");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("concurrencyKey");
    }

    @Test
    void applyDeclaresKeySharingAndReapplyingChangesNothing() throws Exception {
        ok("namespaces", "create", "fair-apply");
        Path file = folder.resolve("fair.yaml");
        Files.writeString(file, """
                apiVersion: tock/v1
                kind: Queue
                metadata:
                  name: tenants
                spec:
                  maxRunning: 50
                  perKeyMaxRunning: 2
                  perKeyLimits: {big: 10}
                  rateLimit: {rate: 100/s, burst: 20}
                  perKeyRate: 10/s
                  fairness: {by: key, weights: {gold: 3}}
                """);
        assertThat(ok("apply", "-f", file.toString(), "-n", "fair-apply").out()).contains("queue/fair-apply/tenants created");
        assertThat(ok("apply", "-f", file.toString(), "-n", "fair-apply").out()).contains("queue/fair-apply/tenants unchanged");
        JsonNode queue = json("queues", "get", "tenants", "-n", "fair-apply", "-o", "json");
        assertThat(queue.get("perKeyRate").get("rate").asText()).isEqualTo("10/s");
        assertThat(queue.get("fairness").get("weights").get("gold").asInt()).isEqualTo(3);

        Files.writeString(file, Files.readString(file).replace("perKeyMaxRunning: 2", "perKeyMaxRunning: 3"));
        assertThat(ok("apply", "-f", file.toString(), "-n", "fair-apply").out()).contains("queue/fair-apply/tenants configured");
        Files.writeString(file, Files.readString(file).replace("burst: 20", "burst: 0"));
        Run bad = server.tock("apply", "-f", file.toString(), "-n", "fair-apply");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("rateLimit.burst");
    }
}

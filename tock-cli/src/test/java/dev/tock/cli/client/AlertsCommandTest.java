package dev.tock.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tock apply} of AlertChannel and AlertRule documents, and {@code tock alerts}, against a real server. */
class AlertsCommandTest extends OneServerCommandTest {

    @TempDir
    Path files;

    private static final String DOCUMENTS = """
            apiVersion: tock/v1
            kind: AlertRule
            metadata: {name: broken-failed, namespace: alerts-a}
            spec:
              subjects: [{kind: schedule, name: "broken*"}]
              conditions: [{type: failed, after: 1}]
              channels: [ops]
              severity: critical
            ---
            apiVersion: tock/v1
            kind: AlertChannel
            metadata: {name: ops, namespace: alerts-a}
            spec: {type: slack, url: "https://hooks.no-such-host.invalid/services/T000"}
            ---
            apiVersion: tock/v1
            kind: Schedule
            metadata: {name: broken, namespace: alerts-a}
            spec: {schedule: "@every 1s", jobTemplate: {type: %s, retry: {maxAttempts: 1}}}
            """.formatted(TestServer.FAILING_TYPE);

    @Test
    void appliesChannelsAndRulesThenListsAcknowledgesAndSilencesAlerts() throws Exception {
        ok("namespaces", "create", "alerts-a");
        Files.writeString(files.resolve("alerts.yaml"), DOCUMENTS);
        Run applied = ok("apply", "-f", files.toString());
        assertThat(applied.out()).contains("alertchannel/alerts-a/ops created", "alertrule/alerts-a/broken-failed created");
        assertThat(ok("apply", "-f", files.toString()).out()).contains("alertchannel/alerts-a/ops unchanged",
                "alertrule/alerts-a/broken-failed unchanged");

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ok("alerts", "list", "-n", "alerts-a").out().contains("firing")) {
            assertThat(System.nanoTime()).as("an alert to fire within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        JsonNode alerts = Jsons.JSON.readTree(ok("alerts", "list", "-n", "alerts-a", "--state", "firing", "-o", "json").out());
        String id = alerts.path("alerts").get(0).path("id").asText();
        assertThat(alerts.path("alerts").get(0).path("subject").asText()).isEqualTo("schedule/broken");
        assertThat(ok("alerts", "ack", id, "-n", "alerts-a").out()).isEqualTo("alert/alerts-a/" + id + " acknowledged\n");
        assertThat(Jsons.JSON.readTree(ok("alerts", "get", id, "-n", "alerts-a", "-o", "json").out()).path("acknowledgedBy").asText())
                .isNotBlank();

        assertThat(ok("alerts", "silence", "deploy", "-n", "alerts-a", "--rule", "broken-*", "--for", "2h", "--comment", "deploying").out())
                .isEqualTo("silence/alerts-a/deploy created\n");
        assertThat(ok("alerts", "silence", "weekly", "-n", "alerts-a", "--cron", "0 2 * * 0", "--duration", "3h", "--zone", "Europe/Berlin")
                .out()).isEqualTo("silence/alerts-a/weekly created\n");
        assertThat(ok("alerts", "silences", "-n", "alerts-a").out()).contains("deploy", "broken-*", "deploying", "weekly", "0 2 * * 0");
        assertThat(ok("alerts", "unsilence", "weekly", "-n", "alerts-a").out()).isEqualTo("silence/alerts-a/weekly deleted\n");

        Run test = server.tock("alerts", "test", "ops", "-n", "alerts-a");
        assertThat(test.exit()).as(test.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(test.out() + test.err()).contains("did not accept the test message");
    }

    @Test
    void monitorsAreCreatedWithATokenShownOncePingedAppliedAndRotated() throws Exception {
        ok("namespaces", "create", "alerts-m");
        Run created = ok("monitors", "create", "backup", "-n", "alerts-m", "--cron", "0 3 * * *", "--grace", "30m");
        assertThat(created.out()).startsWith("monitor/alerts-m/backup created\nping token (shown once): tock_ping_")
                .contains("curl -fsS -X POST -H 'Tock-Ping-Token: tock_ping_", "/v1/namespaces/alerts-m/monitors/backup/ping");
        String token = created.out().lines().filter(l -> l.startsWith("ping token")).findFirst().orElseThrow().replaceFirst(".*: ", "");
        var http = java.net.http.HttpClient.newHttpClient();
        var ping = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/v1/namespaces/alerts-m/monitors/backup/ping"))
                .header("Tock-Ping-Token", token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        assertThat(http.send(ping, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        JsonNode got = Jsons.JSON.readTree(ok("monitors", "get", "backup", "-n", "alerts-m", "-o", "json").out());
        assertThat(got.path("pings").findValuesAsText("kind")).containsExactly("ping");
        assertThat(got.path("pingToken").isMissingNode() || got.path("pingToken").isNull()).isTrue();
        assertThat(ok("monitors", "list", "-n", "alerts-m").out()).contains("backup", "0 3 * * *", "30m");

        Files.writeString(files.resolve("monitor.yaml"), """
                apiVersion: tock/v1
                kind: Monitor
                metadata: {name: backup, namespace: alerts-m}
                spec: {cron: "0 3 * * *", grace: 30m}
                """);
        assertThat(ok("apply", "-f", files.toString()).out()).contains("monitor/alerts-m/backup unchanged");
        Run rotated = ok("monitors", "rotate-token", "backup", "-n", "alerts-m");
        assertThat(rotated.out()).contains("new ping token").doesNotContain(token);
        assertThat(http.send(ping, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(ok("monitors", "delete", "backup", "-n", "alerts-m").out()).isEqualTo("monitor/alerts-m/backup deleted\n");
    }

    @Test
    void invalidDocumentsAndOptionsAreRefusedNamingTheField() throws Exception {
        Files.writeString(files.resolve("bad.yaml"), """
                apiVersion: tock/v1
                kind: AlertRule
                metadata: {name: bad}
                spec:
                  subjects: [{kind: schedule}]
                  conditions: [{type: failed, after: 0}]
                """);
        Run bad = server.tock("apply", "-f", files.toString());
        assertThat(bad.exit()).as(bad.toString()).isNotZero();
        assertThat(bad.err()).contains("spec.conditions[0].after");

        Run silence = server.tock("alerts", "silence", "s", "--cron", "0 2 * * *");
        assertThat(silence.exit()).as(silence.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(silence.err()).contains("duration");
        Run both = server.tock("alerts", "silence", "s", "--for", "1h", "--until", "2030-01-01T00:00:00Z");
        assertThat(both.exit()).isEqualTo(ExitCode.USAGE);
    }
}

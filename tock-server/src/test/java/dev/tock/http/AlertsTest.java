package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.handler.PermanentFailure;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end: a per-second schedule whose job fails, a rule, and real receivers on 127.0.0.1 (an HTTP
 * endpoint, and aiosmtpd for email). Waits are bounded; nothing is timed.
 */
class AlertsTest extends ApiTest {
    static final String SIGNING_SECRET = "whsec-test-7d1f";
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    protected final AtomicBoolean failing = new AtomicBoolean(true);
    protected TestEndpoint endpoint;

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(settings(), this::handlers, b -> { });
    }

    static dev.tock.config.TockConfig.Builder settings() {
        return ServerFixture.config().set("secret-key", SecretRoutesTest.KEY).set("http-egress-allow", "127.0.0.1/32");
    }

    void handlers(dev.tock.engine.Tock.Builder b) {
        b.handler("report", ctx -> {
            if (failing.get()) {
                throw new PermanentFailure("the report failed");
            }
        });
    }

    @BeforeEach
    void startReceiver() throws Exception {
        endpoint = new TestEndpoint();
        endpoint.on("/alerts", TestEndpoint.status(200, "ok"));
        fixture.tock.start();
        http.put(NS + "/secrets/hooks", "{\"stringData\": {\"signing\": \"" + SIGNING_SECRET + "\"}}").expect(201);
        http.put(NS + "/alert-channels/ops", "{\"type\": \"webhook\", \"url\": \"" + endpoint.url("/alerts") + "\", \"link\": \"http://tock.example\","
                + " \"secret\": {\"valueFrom\": {\"secretKeyRef\": {\"name\": \"hooks\", \"key\": \"signing\"}}}}").expect(201);
    }

    @AfterEach
    void stopReceiver() {
        endpoint.close();
    }

    void schedule() {
        http.put(NS + "/schedules/nightly", "{\"schedule\": \"@every 1s\", \"jobTemplate\": {\"type\": \"report\", \"retry\": {\"maxAttempts\": 1}}}")
                .expect(201);
    }

    List<JsonNode> received(String transition) {
        return endpoint.to("/alerts").stream().map(r -> json(r.body())).filter(j -> j.path("transition").asText().equals(transition)).toList();
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The documented recipe: HMAC-SHA256 over {@code t + "." + body} with the secret, hex, compared with {@code v1}. */
    static boolean signatureVerifies(String header, String body, String secret) throws Exception {
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals("t")) {
                t = kv[1];
            } else if (kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), v1.getBytes(StandardCharsets.UTF_8))
                && Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) < 300;
    }

    @Test
    void failedAfterThreeFiresOnceSignedAndRecoveredResolvesOnce() throws Exception {
        http.put(NS + "/alert-rules/nightly-failed", "{\"subjects\": [{\"kind\": \"schedule\", \"name\": \"nightly\"}],"
                + " \"conditions\": [{\"type\": \"failed\", \"after\": 3, \"recoverAfter\": 2}], \"channels\": [\"ops\"], \"severity\": \"critical\"}")
                .expect(201);
        schedule();
        await("a firing notification", () -> !received("firing").isEmpty());
        TestEndpoint.Received firing = endpoint.to("/alerts").getFirst();
        JsonNode body = json(firing.body());
        assertThat(body.path("alert").path("rule").asText()).isEqualTo("nightly-failed");
        assertThat(body.path("alert").path("subject").asText()).isEqualTo("schedule/nightly");
        assertThat(body.path("alert").path("severity").asText()).isEqualTo("critical");
        assertThat(body.path("link").asText()).startsWith("http://tock.example/#/alerts?ns=default&alert=");
        assertThat(firing.header("Idempotency-Key")).isEqualTo(body.path("key").asText());
        assertThat(signatureVerifies(firing.header("Tock-Signature"), firing.body(), SIGNING_SECRET)).isTrue();
        assertThat(signatureVerifies(firing.header("Tock-Signature"), firing.body(), "another-secret")).isFalse();
        assertThat(http.get("/metrics").expect(200).raw().body())
                .contains("tock_alerts_firing{rule=\"nightly-failed\",severity=\"critical\",tock_namespace=\"default\"} 1.0");

        // At least three failed runs, then recovery after two successes.
        JsonNode runs = http.get(NS + "/schedules/nightly/runs").expect(200).json();
        assertThat(runs.toString()).contains("dead");
        failing.set(false);
        await("a resolved notification", () -> !received("resolved").isEmpty());
        String id = body.path("alert").path("id").asText();
        JsonNode alert = http.get(NS + "/alerts/" + id).expect(200).json();
        assertThat(alert.path("state").asText()).isEqualTo("resolved");
        assertThat(alert.path("notifications")).hasSize(2);
        await("the resolved notification to be marked sent", () -> http.get(NS + "/alerts/" + id).json().path("notifications")
                .findValuesAsText("state").stream().allMatch("sent"::equals));
        assertThat(received("firing")).hasSize(1);
        assertThat(received("resolved")).hasSize(1);
        assertThat(http.get(NS + "/alerts?state=firing").expect(200).json().path("alerts")).isEmpty();
    }

    @Test
    void aSilenceSuppressesNotificationsButRecordsTheAlertThenLapses() throws Exception {
        Instant until = fixture.store.now().plusSeconds(4);
        http.put(NS + "/alert-silences/deploy", "{\"rule\": \"nightly-*\", \"until\": \"" + until + "\", \"comment\": \"deploying\"}").expect(201);
        http.put(NS + "/alert-rules/nightly-failed", "{\"subjects\": [{\"kind\": \"schedule\", \"name\": \"*\"}],"
                + " \"conditions\": [{\"type\": \"failed\", \"after\": 1}], \"channels\": [\"ops\"]}").expect(201);
        schedule();
        await("a firing alert", () -> http.get(NS + "/alerts").json().path("alerts").size() > 0);
        JsonNode first = http.get(NS + "/alerts").json().path("alerts").get(0);
        assertThat(first.path("firedAt").asText()).isLessThan(until.toString());
        JsonNode detail = http.get(NS + "/alerts/" + first.path("id").asText()).json();
        assertThat(detail.path("notifications").get(0).path("state").asText()).isEqualTo("suppressed");

        // Recover, then fail again after the silence ended: that firing is sent.
        failing.set(false);
        await("the first alert to resolve", () -> http.get(NS + "/alerts/" + first.path("id").asText()).json().path("state").asText()
                .equals("resolved"));
        await("the silence to lapse", () -> fixture.store.now().isAfter(until));
        failing.set(true);
        await("a firing notification after the silence", () -> !received("firing").isEmpty());
        assertThat(received("firing")).noneMatch(n -> n.path("alert").path("id").asText().equals(first.path("id").asText()));
    }

    @Test
    void aTestMessageReachesTheWebhookAndAnEmailArrivesWithSubjectAndLink() throws Exception {
        JsonNode webhook = http.post(NS + "/alert-channels/ops/test", "").expect(200).json();
        assertThat(webhook.path("delivered").asBoolean()).as(webhook.toString()).isTrue();
        assertThat(received("test")).hasSize(1);

        try (SmtpServer smtp = new SmtpServer()) {
            http.put(NS + "/alert-channels/mail", "{\"type\": \"email\", \"link\": \"http://tock.example\", \"smtp\": {\"host\": \"127.0.0.1\","
                    + " \"port\": " + smtp.port + ", \"startTls\": false, \"from\": \"tock@example.com\", \"to\": [\"oncall@example.com\"]}}")
                    .expect(201);
            JsonNode mail = http.post(NS + "/alert-channels/mail/test", "").expect(200).json();
            assertThat(mail.path("delivered").asBoolean()).as(mail.toString()).isTrue();
            await("the mail to arrive", () -> smtp.received().contains("http://tock.example/#/alerts?ns=default&alert="));
            assertThat(smtp.received()).contains("Subject: [Tock] TEST info: test on channel/mail (default)")
                    .contains("oncall@example.com").contains("A test message from Tock");

            http.put(NS + "/alert-rules/nightly-failed", "{\"subjects\": [{\"kind\": \"schedule\", \"name\": \"nightly\"}],"
                    + " \"conditions\": [{\"type\": \"failed\", \"after\": 1}], \"channels\": [\"mail\"]}").expect(201);
            schedule();
            await("an alert email", () -> smtp.received().contains("Subject: [Tock] FIRING warning: nightly-failed on schedule/nightly"));
        }
    }

    @Test
    void anEmailGoesThroughStartTlsAndAuthenticationToAServerWithAPrivateCertificate(@TempDir Path dir) throws Exception {
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", certificate.toString())
                .redirectErrorStream(true).start();
        String opensslOutput = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && openssl.exitValue() == 0).as(opensslOutput).isTrue();
        String pem = Files.readString(certificate);
        http.put(NS + "/secrets/mail", "{\"stringData\": {\"password\": \"s3cret-relay\"}}").expect(201);
        try (SmtpServer smtp = SmtpServer.secure(certificate, key, "tock", "s3cret-relay")) {
            ObjectNode smtpSpec = JSON.createObjectNode().put("host", "127.0.0.1").put("port", smtp.port).put("startTls", true)
                    .put("username", "tock").put("from", "tock@example.com").put("trustCertificate", pem);
            smtpSpec.putArray("to").add("oncall@example.com");
            smtpSpec.putObject("password").putObject("valueFrom").putObject("secretKeyRef").put("name", "mail").put("key", "password");
            ObjectNode channel = JSON.createObjectNode().put("type", "email");
            channel.set("smtp", smtpSpec);
            http.put(NS + "/alert-channels/relay", channel.toString()).expect(201);
            JsonNode sent = http.post(NS + "/alert-channels/relay/test", "").expect(200).json();
            assertThat(sent.path("delivered").asBoolean()).as(sent.toString()).isTrue();
            await("the mail to arrive", () -> smtp.received().contains("A test message from Tock"));
            assertThat(smtp.received()).containsPattern("AUTH (LOGIN|PLAIN) ok").doesNotContain("refused");

            // The JVM's own trust store does not know the certificate: without trustCertificate the handshake fails.
            smtpSpec.remove("trustCertificate");
            http.put(NS + "/alert-channels/relay", channel.toString()).expect(200);
            JsonNode untrusted = http.post(NS + "/alert-channels/relay/test", "").expect(200).json();
            assertThat(untrusted.path("delivered").asBoolean()).isFalse();
            assertThat(untrusted.path("error").asText()).contains("SMTP to 127.0.0.1:" + smtp.port + " failed");

            smtpSpec.put("trustCertificate", pem);
            http.put(NS + "/alert-channels/relay", channel.toString()).expect(200);
            http.put(NS + "/secrets/mail", "{\"stringData\": {\"password\": \"wrong\"}}").expect(200);
            JsonNode refused = http.post(NS + "/alert-channels/relay/test", "").expect(200).json();
            assertThat(refused.path("delivered").asBoolean()).isFalse();
            await("the refused login to be printed", () -> smtp.received().contains("refused"));
        }
        http.put(NS + "/alert-channels/bad", "{\"type\": \"email\", \"smtp\": {\"host\": \"127.0.0.1\", \"from\": \"a@example.com\","
                + " \"to\": [\"b@example.com\"], \"trustCertificate\": \"not a certificate\"}}").expectProblem(400, "smtp.trustCertificate");
    }

    @Test
    void aMonitorThatStopsPingingFiresMissedAndAFailPingFiresFailed() throws Exception {
        JsonNode created = http.put(NS + "/monitors/backup", "{\"cron\": \"@every 3s\", \"grace\": \"1s\"}").expect(201).json();
        String token = created.path("pingToken").asText();
        assertThat(token).startsWith("tock_ping_");
        assertThat(http.get(NS + "/monitors/backup").expect(200).json().path("pingToken").isMissingNode()
                || http.get(NS + "/monitors/backup").json().path("pingToken").isNull()).isTrue();
        http.post(NS + "/monitors/backup/ping?token=tock_ping_wrong", "").expectProblem(404, null);
        http.post(NS + "/monitors/backup/ping?token=" + token, "").expect(204);
        http.put(NS + "/alert-rules/backup", "{\"subjects\": [{\"kind\": \"monitor\", \"name\": \"backup\"}],"
                + " \"conditions\": [{\"type\": \"missed\"}, {\"type\": \"failed\"}], \"channels\": [\"ops\"]}").expect(201);

        await("missed to fire once the pings stop", () -> received("firing").stream()
                .anyMatch(n -> n.path("alert").path("condition").asText().equals("missed")));
        assertThat(received("firing").getFirst().path("alert").path("subject").asText()).isEqualTo("monitor/backup");
        assertThat(received("firing").getFirst().path("alert").path("summary").asText()).startsWith("no ping came for ");

        http.post(NS + "/monitors/backup/fail?token=" + token, "").expect(204);
        await("failed to fire on the fail ping", () -> received("firing").stream()
                .anyMatch(n -> n.path("alert").path("condition").asText().equals("failed")));
        await("missed to resolve on the fail ping", () -> received("resolved").stream()
                .anyMatch(n -> n.path("alert").path("condition").asText().equals("missed")));
        assertThat(http.get(NS + "/monitors/backup").json().path("pings").findValuesAsText("kind")).containsExactly("fail", "ping");

        JsonNode replaced = http.post(NS + "/monitors/backup/token", "").expect(200).json();
        http.post(NS + "/monitors/backup/ping?token=" + token, "").expectProblem(404, null);
        http.send("POST", NS + "/monitors/backup/ping", null, java.util.Map.of("Tock-Ping-Token", replaced.path("pingToken").asText())).expect(204);
        http.put(NS + "/monitors/bad", "{\"cron\": \"@every 3s\", \"grace\": \"-1s\"}").expectProblem(400, "grace");
        http.put(NS + "/monitors/bad", "{\"grace\": \"1m\"}").expectProblem(400, "cron");
    }

    @Test
    void aWorkflowWhoseRunsFailFiresOnceAfterTwoAndResolvesWhenARunSucceeds() throws Exception {
        http.put(NS + "/workflows/release", "{\"spec\": {\"steps\": [{\"name\": \"publish\", \"type\": \"report\","
                + " \"retry\": {\"maxAttempts\": 1}}]}}").expect(201);
        http.put(NS + "/alert-rules/release-failed", "{\"subjects\": [{\"kind\": \"workflow\", \"name\": \"release\"}],"
                + " \"conditions\": [{\"type\": \"failed\", \"after\": 2, \"recoverAfter\": 1}], \"channels\": [\"ops\"]}").expect(201);
        String first = http.post(NS + "/workflows/release/runs", "{}").expect(201).json().path("id").asText();
        await("the first run to fail", () -> http.get(NS + "/workflow-runs/" + first).json().path("state").asText().equals("failed"));
        // One failed run is below `after: 2`: nothing fires (the evaluator runs every alert interval; the second run takes longer).
        String second = http.post(NS + "/workflows/release/runs", "{}").expect(201).json().path("id").asText();
        await("a firing notification", () -> !received("firing").isEmpty());
        JsonNode alert = received("firing").getFirst().path("alert");
        assertThat(alert.path("subject").asText()).isEqualTo("workflow/release");
        assertThat(alert.path("occurrence").asText()).as("the streak starts at the first failed run").isEqualTo(first);
        assertThat(http.get(NS + "/workflow-runs/" + second).json().path("state").asText()).isEqualTo("failed");

        failing.set(false);
        String third = http.post(NS + "/workflows/release/runs", "{}").expect(201).json().path("id").asText();
        await("a resolved notification", () -> !received("resolved").isEmpty());
        assertThat(http.get(NS + "/workflow-runs/" + third).json().path("state").asText()).isEqualTo("succeeded");
        assertThat(received("firing")).hasSize(1);
        assertThat(received("resolved")).hasSize(1);
        http.put(NS + "/alert-rules/release-late", "{\"subjects\": [{\"kind\": \"workflow\", \"name\": \"release\"}],"
                + " \"conditions\": [{\"type\": \"lateStart\", \"after\": \"1m\"}], \"channels\": [\"ops\"]}")
                .expectProblem(400, "conditions[0].type");
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String channelsOk = ", \"channels\": [\"ops\"]}";
        http.put(NS + "/alert-rules/r", "{\"subjects\": [{\"kind\": \"cronjob\"}], \"conditions\": [{\"type\": \"failed\"}]" + channelsOk)
                .expectProblem(400, "subjects[0].kind");
        http.put(NS + "/alert-rules/r", "{\"subjects\": [{\"kind\": \"schedule\"}], \"conditions\": [{\"type\": \"missed\", \"grace\": \"-5m\"}]"
                + channelsOk).expectProblem(400, "conditions[0].grace");
        http.put(NS + "/alert-rules/r", "{\"subjects\": [{\"kind\": \"schedule\"}], \"conditions\": [{\"type\": \"failed\", \"after\": 0}]"
                + channelsOk).expectProblem(400, "conditions[0].after");
        http.put(NS + "/alert-rules/r", "{\"subjects\": [{\"kind\": \"schedule\"}], \"conditions\": [{\"type\": \"failed\"}],"
                + " \"channels\": [\"nowhere\"]}").expectProblem(400, "channels[0]");
        http.put(NS + "/alert-rules/r", "{\"subjects\": [{\"kind\": \"queue\"}], \"conditions\": [{\"type\": \"missed\"}]" + channelsOk)
                .expectProblem(400, "conditions[0].type");
        http.put(NS + "/alert-channels/c", "{\"type\": \"webhook\", \"url\": \"http://10.1.2.3/hook\"}").expectProblem(400, "url");
        http.put(NS + "/alert-channels/c", "{\"type\": \"webhook\", \"url\": \"ftp://127.0.0.1/hook\"}").expectProblem(400, "url");
        http.put(NS + "/alert-channels/c", "{\"type\": \"email\", \"smtp\": {\"host\": \"127.0.0.1\", \"port\": 70000,"
                + " \"from\": \"a@example.com\", \"to\": [\"b@example.com\"]}}").expectProblem(400, "smtp.port");
        http.put(NS + "/alert-channels/c", "{\"type\": \"pagerduty\"}").expectProblem(400, "routingKey");
        http.put(NS + "/alert-channels/c", "{\"type\": \"carrier-pigeon\"}").expectProblem(400, "type");
        http.put(NS + "/alert-silences/s", "{\"cron\": \"0 2 * * *\"}").expectProblem(400, "duration");
        http.put(NS + "/alert-silences/s", "{\"until\": \"tomorrow\"}").expectProblem(400, "until");
        http.get(NS + "/alerts?state=burning").expectProblem(400, "state");
        http.get(NS + "/alerts/not-a-uuid").expectProblem(400, "id");
        http.get(NS + "/alert-rules/none").expect(404);
    }
}

package dev.tock.http;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.model.JobId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secret values appear nowhere but where they are used: not in the database (every row of every Tock
 * table, read as text), not in the logs (everything dev.tock logs at TRACE), not in any answer of the API
 * (the secret routes, every GET route — jobs, schedules, attempts, failures, the audit log —, and the
 * answers to the puts and posts that used them), though a webhook and a command really received them.
 */
class SecretPlaintextTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "tok-3b9e51c0a7f2d6";
    private static final String PASSWORD = "pw-e7a1c94b02d85f";
    private static final String ENCODED = "b64-5c2d8e1f9a0b47";
    private static final List<String> PLAINTEXTS = List.of(TOKEN, PASSWORD, ENCODED, base64(TOKEN), base64(PASSWORD), base64(ENCODED));

    protected ServerFixture newFixture() {
        return ServerFixture.h2(config(), b -> { }, b -> { });
    }

    static dev.tock.config.TockConfig.Builder config() {
        return ServerFixture.secured().set("secret-key", SecretRoutesTest.KEY).set("http-egress-allow", "127.0.0.1/32")
                .set("command-executor-enabled", "true");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noValueAppearsInTheDatabaseTheLogsOrAnyAnswer() throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        String database;
        CapturedLogs logs = new CapturedLogs();
        try (logs; ServerFixture f = newFixture(); TestEndpoint endpoint = new TestEndpoint()) {
            endpoint.on("/hook", (exchange, request) -> TestEndpoint.reply(exchange, 200, "auth=" + request.header("Authorization"), Map.of()));
            f.tock.start();
            Http admin = f.http.as(f.server.bootstrapToken().orElseThrow());
            String ns = ApiTest.NS;
            answers.put("PUT secret", admin.put(ns + "/secrets/app", "{\"stringData\": {\"token\": \"" + TOKEN + "\", \"password\": \""
                    + PASSWORD + "\"}}").expect(201).raw().body());
            answers.put("PUT secret data", admin.put(ns + "/secrets/encoded", "{\"data\": {\"value\": \"" + base64(ENCODED) + "\"}}")
                    .expect(201).raw().body());
            answers.put("PUT secret dry run", admin.put(ns + "/secrets/app?dryRun=true", "{\"stringData\": {\"token\": \"" + TOKEN
                    + "\"}}").expect(200).raw().body());
            answers.put("PUT secret again", admin.put(ns + "/secrets/app", "{\"stringData\": {\"token\": \"" + TOKEN + "\", \"password\": \""
                    + PASSWORD + "\"}}").expect(200).raw().body());
            answers.put("PUT bad secret", admin.put(ns + "/secrets/bad", "{\"data\": {\"value\": \"" + PASSWORD + "\"}}").raw().body());

            String hook = "{\"kind\": \"http\", \"url\": \"" + endpoint.url("/hook") + "\", \"headers\": {\"Authorization\": "
                    + SecretReferenceTest.ref("app", "token") + "}}";
            String command = "{\"kind\": \"command\", \"shell\": \"echo $PW $ENC; echo $PW >&2; exit 1\", \"env\": {\"PW\": "
                    + SecretReferenceTest.ref("app", "password") + ", \"ENC\": " + SecretReferenceTest.ref("encoded", "value") + "}}";
            List<JobId> jobs = new ArrayList<>();
            for (String executor : List.of(hook, command)) {
                Http.Reply created = admin.post(ns + "/jobs", "{\"type\": \"t\", \"retry\": {\"maxAttempts\": 1}, \"executor\": " + executor + "}")
                        .expect(201);
                answers.put("POST job " + executor, created.raw().body());
                jobs.add(JobId.parse(created.text("id")));
            }
            answers.put("PUT schedule", admin.put(ns + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\","
                    + " \"retry\": {\"maxAttempts\": 1}, \"executor\": " + command + "}}").expect(201).raw().body());
            answers.put("POST trigger", admin.post(ns + "/schedules/s/trigger", "{}").raw().body());
            await(WAIT, "the jobs to finish", () -> f.tock.jobs().list(dev.tock.model.JobQuery.of("default")).jobs().stream()
                    .allMatch(j -> j.state().isFinal()) && f.tock.jobs().list(dev.tock.model.JobQuery.of("default")).jobs().size() == 3);
            assertThat(endpoint.to("/hook").get(0).header("Authorization")).as("the webhook got the value").isEqualTo(TOKEN);
            f.server.flushAudit();

            for (JobId id : jobs) {
                answers.put("GET attempts " + id, admin.get(ns + "/jobs/" + id + "/attempts").expect(200).raw().body());
            }
            assertThat(answers.get("GET attempts " + jobs.get(0))).as("the webhook's answer, recorded redacted").contains("auth=***");
            answers.putAll(everyGetRoute(f, admin, jobs.get(1)));
            database = f.dump();
            assertThat(database).as("the dump reads the secret tables").contains("tock_secret_values");
        }
        List<String> logLines = logs.lines();

        for (String plaintext : PLAINTEXTS) {
            assertThat(database).as("the database").doesNotContain(plaintext);
            answers.forEach((what, body) -> assertThat(body).as(what).doesNotContain(plaintext));
            logLines.forEach(line -> assertThat(line).as("a log line").doesNotContain(plaintext));
        }
        assertThat(logLines).isNotEmpty();
    }

    /** The answer of every GET route, its path parameters filled in with the objects of the test. */
    private static Map<String, String> everyGetRoute(ServerFixture f, Http admin, JobId job) {
        Map<String, String> values = Map.of("{ns}", "default", "{queue}", "default", "{worker}", "w", "{id}", job.toString(),
                "{run}", java.util.UUID.randomUUID().toString());
        Map<String, String> answers = new LinkedHashMap<>();
        for (Route route : f.server.routes()) {
            if (route.method() != HttpMethod.GET || route.path().text().startsWith("/v1/tokens/")) {
                continue;
            }
            String path = route.path().text().replace("{name}", route.path().text().contains("/secrets/") ? "app" : "s");
            for (var v : values.entrySet()) {
                path = path.replace(v.getKey(), v.getValue());
            }
            Http.Reply reply = admin.get(path);
            answers.put("GET " + path, reply.raw().body());
            if (path.endsWith("/secrets") || path.contains("/audit")) {
                reply.expect(200);
            }
        }
        JsonNode audit = admin.get("/v1/audit").expect(200).json();
        assertThat(audit.toString()).as("the audit log has the secret puts").contains("secrets/app");
        return answers;
    }
}

package dev.tock.http;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs run as HTTP requests against a real endpoint on 127.0.0.1 (allowed by the egress policy here). */
class HttpExecutorTest extends ApiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String FAST_RETRY = "{\"maxAttempts\": 3, \"initialBackoff\": \"10ms\", \"maxBackoff\": \"50ms\", \"jitter\": 0}";
    private TestEndpoint endpoint;
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config().set("http-egress-allow", "127.0.0.1/32"), b -> { }, b -> { });
    }

    @BeforeEach
    void startEndpoint() throws Exception {
        endpoint = new TestEndpoint();
        fixture.tock.start();
    }

    @AfterEach
    void stopEndpoint() {
        release.countDown();
        endpoint.close();
    }

    private String hook(String path, String extra) {
        return "{\"kind\": \"http\", \"url\": \"" + endpoint.url(path) + "\"" + extra + "}";
    }

    private JobId create(String executor, String more) {
        return JobId.parse(http.post(NS + "/jobs", "{\"type\": \"hook\", \"payload\": {\"user\": \"ada\", \"n\": 3}, \"retry\": "
                + FAST_RETRY + ", \"executor\": " + executor + more + "}").expect(201).text("id"));
    }

    private Job finished(JobId id) {
        await(WAIT, "job " + id + " to finish", () -> fixture.tock.jobs().get(id).state().isFinal());
        return fixture.tock.jobs().get(id);
    }

    private JsonNode attempts(JobId id) {
        return http.get(NS + "/jobs/" + id + "/attempts").expect(200).json().get("attempts");
    }

    @Test
    void aSuccessfulRequestSendsThePayloadAndRecordsStatusAndAnswer() {
        endpoint.on("/ok", TestEndpoint.status(200, "{\"accepted\": true}"));
        JobId id = create(hook("/ok", ""), "");

        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        TestEndpoint.Received request = endpoint.to("/ok").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("{\"user\":\"ada\",\"n\":3}");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Tock-Job-Id")).isEqualTo(id.toString());
        assertThat(request.header("Tock-Attempt")).isEqualTo("1");
        JsonNode attempt = attempts(id).get(0);
        assertThat(attempt.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(attempt.get("output").asText()).contains("POST " + endpoint.url("/ok") + " -> 200 in ").contains("{\"accepted\": true}");
    }

    @Test
    void aTemplatedBodyMethodAndHeadersAreSentAsGiven() {
        endpoint.on("/put", TestEndpoint.status(204, ""));
        JobId id = create(hook("/put", ", \"method\": \"put\", \"headers\": {\"X-Team\": \"billing\", \"Content-Type\": \"text/plain\"},"
                + " \"body\": \"hello {{payload.user}} ({{payload.n}}) job {{job.id}} {{payload.user | json}}\""), "");

        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        TestEndpoint.Received request = endpoint.to("/put").get(0);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.body()).isEqualTo("hello ada (3) job " + id + " \"ada\"");
        assertThat(request.header("X-Team")).isEqualTo("billing");
        assertThat(request.header("Content-Type")).isEqualTo("text/plain");
    }

    @Test
    void aClientErrorFailsTheJobWithoutRetrying() {
        endpoint.on("/gone", TestEndpoint.status(404, "no such hook"));
        JobId id = create(hook("/gone", ""), "");

        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.DEAD);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lastError()).hasValueSatisfying(e -> assertThat(e).contains("-> 404").contains("no such hook")
                .doesNotContain("at dev.tock"));
    }

    @Test
    void serverErrorsAreRetriedPerThePolicyAndTheJobSucceedsOnceTheEndpointRecovers() {
        endpoint.on("/flaky", (exchange, request) -> TestEndpoint.reply(exchange,
                endpoint.to("/flaky").size() < 3 ? 503 : 200, "attempt " + endpoint.to("/flaky").size(), Map.of()));
        JobId id = create(hook("/flaky", ""), "");

        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.attempts()).isEqualTo(3);
        JsonNode attempts = attempts(id);
        assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("failed");
        assertThat(attempts.get(0).get("error").asText()).contains("-> 503");
        assertThat(attempts.get(2).get("outcome").asText()).isEqualTo("succeeded");
    }

    @Test
    void tooManyRequestsWaitsAtLeastItsRetryAfter() {
        endpoint.on("/busy", (exchange, request) -> TestEndpoint.reply(exchange,
                endpoint.to("/busy").size() == 1 ? 429 : 200, "", Map.of("Retry-After", "2")));
        JobId id = create(hook("/busy", ""), "");

        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        JsonNode attempts = attempts(id);
        assertThat(attempts).hasSize(2);
        java.time.Instant firstEnded = java.time.Instant.parse(attempts.get(0).get("endedAt").asText());
        java.time.Instant secondStarted = java.time.Instant.parse(attempts.get(1).get("startedAt").asText());
        // The policy's backoff is 10 ms; the endpoint asked for 2 s.
        assertThat(Duration.between(firstEnded, secondStarted)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void aResponseSlowerThanTheTimeoutTimesTheAttemptOut() {
        endpoint.on("/slow", (exchange, request) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestEndpoint.reply(exchange, 200, "late", Map.of());
        });
        JobId id = create(hook("/slow", ", \"timeout\": \"300ms\""), "");

        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.DEAD);
        assertThat(job.attempts()).isEqualTo(3);
        JsonNode attempt = attempts(id).get(0);
        assertThat(attempt.get("outcome").asText()).isEqualTo("timed_out");
        assertThat(attempt.get("error").asText()).isEqualTo("timed out after 300ms");
    }

    /**
     * Whichever deadline ends the attempt — the job's (the engine interrupts the request), the
     * executor's own, or both at once — the error is one line in the units the user wrote, and the
     * request line is in the output.
     */
    @Test
    void aTimeoutIsOneLineInTheUsersUnitsWithTheRequestInTheOutput() {
        endpoint.on("/never", (exchange, request) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<JobId> jobs = List.of(
                create(hook("/never", ", \"timeout\": \"10s\""), ", \"timeout\": \"300ms\""),
                create(hook("/never", ", \"timeout\": \"300ms\""), ", \"timeout\": \"10s\""),
                create(hook("/never", ""), ", \"timeout\": \"300ms\""));

        for (JobId id : jobs) {
            assertThat(finished(id).state()).isEqualTo(JobState.DEAD);
            for (JsonNode attempt : attempts(id)) {
                assertThat(attempt.get("outcome").asText()).isEqualTo("timed_out");
                assertThat(attempt.get("error").asText()).isEqualTo("timed out after 300ms");
                assertThat(attempt.get("output").asText()).startsWith("POST " + endpoint.url("/never") + " -> ")
                        .doesNotContain("java.").doesNotContain("Exception");
            }
        }
    }

    @Test
    void aRefusedConnectionIsRetriedThenTheJobIsDead() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JobId id = create("{\"kind\": \"http\", \"url\": \"http://127.0.0.1:" + closedPort + "/x\"}", "");

        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.DEAD);
        assertThat(job.attempts()).isEqualTo(3);
        assertThat(job.lastError()).hasValueSatisfying(e -> assertThat(e).contains("connection refused"));
    }

    @Test
    void aRedirectToARefusedAddressIsNotFollowed() {
        endpoint.on("/redirect", (exchange, request) -> TestEndpoint.reply(exchange, 302, "",
                Map.of("Location", "http://169.254.169.254/latest/meta-data/")));
        endpoint.on("/hop", (exchange, request) -> TestEndpoint.reply(exchange, 307, "", Map.of("Location", "/ok")));
        endpoint.on("/ok", TestEndpoint.status(200, "landed"));

        JobId refused = create(hook("/redirect", ""), "");
        Job job = finished(refused);
        assertThat(job.state()).isEqualTo(JobState.DEAD);
        assertThat(job.attempts()).as("egress refusals are not retried").isEqualTo(1);
        assertThat(job.lastError()).hasValueSatisfying(e -> assertThat(e).contains("egress to 169.254.169.254 refused"));

        JobId followed = create(hook("/hop", ""), "");
        assertThat(finished(followed).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(endpoint.to("/ok").get(0).method()).as("a 307 keeps the method").isEqualTo("POST");
        assertThat(attempts(followed).get(0).get("output").asText()).contains("-> 307").contains("-> 200").contains("landed");
    }

    @Test
    void secretHeaderValuesAreNeverShownNorRecorded() {
        endpoint.on("/echo", (exchange, request) -> TestEndpoint.reply(exchange, 500,
                "you sent " + request.header("Authorization") + " and " + request.header("X-Signature"), Map.of()));
        JobId id = create(hook("/echo", ", \"headers\": {\"Authorization\": \"Bearer s3cret-t0ken\", \"X-Signature\": \"sig-abcdef\","
                + " \"X-Plain\": \"visible\"}, \"secretHeaders\": [\"x-signature\"]"), "");

        Job job = finished(id);
        assertThat(endpoint.to("/echo").get(0).header("Authorization")).isEqualTo("Bearer s3cret-t0ken");
        JsonNode view = http.get(NS + "/jobs/" + id).expect(200).json();
        assertThat(view.get("executor").get("headers").get("Authorization").asText()).isEqualTo("***");
        assertThat(view.get("executor").get("headers").get("X-Signature").asText()).isEqualTo("***");
        assertThat(view.get("executor").get("headers").get("X-Plain").asText()).isEqualTo("visible");
        String recorded = attempts(id).toString() + job.lastError().orElse("");
        assertThat(recorded).contains("you sent").doesNotContain("s3cret-t0ken").doesNotContain("sig-abcdef");
    }

    @Test
    void scheduleTemplatesRunWithTheirExecutor() {
        endpoint.on("/tick", TestEndpoint.status(200, "tock"));
        http.put(NS + "/schedules/ticker", "{\"schedule\": \"@every 1s\", \"jobTemplate\": {\"type\": \"tick\", \"payload\": {\"k\": 1},"
                + " \"executor\": " + hook("/tick", ", \"headers\": {\"X-Api-Key\": \"abcdefgh\"}") + "}}").expect(201);
        JsonNode shown = http.get(NS + "/schedules/ticker").expect(200).json().get("jobTemplate").get("executor");
        assertThat(shown.get("kind").asText()).isEqualTo("http");
        assertThat(shown.get("headers").get("X-Api-Key").asText()).isEqualTo("***");

        await(WAIT, "two fires to reach the endpoint", () -> endpoint.to("/tick").size() >= 2);
        assertThat(endpoint.to("/tick").get(0).header("X-Api-Key")).isEqualTo("abcdefgh");
        assertThat(endpoint.to("/tick").get(0).body()).isEqualTo("{\"k\":1}");
    }

    @Test
    void aScheduledJobsNominalTimeStaysThroughItsRetries() {
        endpoint.on("/report", (exchange, request) -> TestEndpoint.reply(exchange,
                endpoint.to("/report").size() == 1 ? 503 : 200, "", Map.of()));
        http.put(NS + "/schedules/daily-report", "{\"schedule\": \"0 6 * * *\", \"jobTemplate\": {\"type\": \"report\","
                + " \"retry\": " + FAST_RETRY + ", \"executor\": " + hook("/report",
                ", \"body\": \"{\\\"for\\\": {{job.nominalTime | json}}, \\\"due\\\": {{job.runAt | json}}}\"") + "}}").expect(201);
        java.time.Instant sixAm = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).atTime(6, 0)
                .toInstant(java.time.ZoneOffset.UTC);
        JsonNode fires = http.post(NS + "/schedules/daily-report/backfill", "{\"from\": \"" + sixAm.minusSeconds(1) + "\", \"to\": \""
                + sixAm.plusSeconds(1) + "\"}").expect(200).json().get("runs");
        JobId id = JobId.parse(fires.get(0).get("job").asText());

        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        List<TestEndpoint.Received> requests = endpoint.to("/report");
        assertThat(requests).hasSize(2);
        for (TestEndpoint.Received request : requests) {
            assertThat(request.body()).startsWith("{\"for\": \"" + sixAm + "\", \"due\": \"");
        }
        assertThat(requests.get(1).body()).as("a retry is due later than the fire").isNotEqualTo(requests.get(0).body());
        assertThat(http.get(NS + "/jobs/" + id).expect(200).text("nominalTime")).isEqualTo(sixAm.toString());
    }

    @Test
    void aLiteralAddressTheEgressPolicyRefusesIsRejectedAtCreation() {
        http.post(NS + "/jobs", "{\"type\": \"hook\", \"executor\": {\"kind\": \"http\", \"url\": \"http://10.1.2.3/x\"}}")
                .expectProblem(400, "executor.url");
        assertThat(fixture.tock.jobs().countByState("default").values().stream().mapToLong(Long::longValue).sum()).isZero();
        List<String> received = endpoint.received.stream().map(TestEndpoint.Received::path).toList();
        assertThat(received).isEmpty();
    }
}

package dev.tock.http;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** External workers over the API, as a curl loop would use it: lease, heartbeat, complete, fail. */
class WorkerRoutesTest extends ApiTest {
    private static final String MAIL = NS + "/queues/mail";

    @Override
    protected ServerFixture newFixture() {
        // A poll interval far beyond every wait here: only wake-ups can end a long poll early.
        return ServerFixture.h2(ServerFixture.config().pollInterval(Duration.ofSeconds(30)).reaperInterval(Duration.ofMillis(200)),
                b -> { }, b -> { });
    }

    @BeforeEach
    void startEngine() {
        fixture.tock.start();
    }

    private JobId enqueue(String type) {
        return JobId.parse(http.post(NS + "/jobs", "{\"type\": \"" + type + "\", \"queue\": \"mail\", \"payload\": {\"to\": \"ada\"},"
                + " \"retry\": {\"maxAttempts\": 3, \"initialBackoff\": \"10ms\", \"maxBackoff\": \"10ms\"}}").expect(201).text("id"));
    }

    private JsonNode lease(String worker, int max, String extra) {
        return http.post(MAIL + "/lease", "{\"worker\": \"" + worker + "\", \"max\": " + max + extra + "}").expect(200).json().get("jobs");
    }

    private static String report(String worker, JsonNode leased, String extra) {
        return "{\"worker\": \"" + worker + "\", \"leaseToken\": \"" + leased.get("leaseToken").asText() + "\"" + extra + "}";
    }

    @Test
    void aWorkerLeasesCompletesAndFailsJobsOfItsQueue() {
        JobId first = enqueue("mail.send");
        JobId second = enqueue("mail.send");
        http.post(NS + "/jobs", "{\"type\": \"mail.send\", \"queue\": \"other\"}").expect(201);

        JsonNode jobs = lease("w1", 10, "");
        assertThat(jobs).hasSize(2);
        JsonNode a = jobs.get(0);
        assertThat(a.get("type").asText()).isEqualTo("mail.send");
        assertThat(a.get("payload").get("to").asText()).isEqualTo("ada");
        assertThat(a.get("attempt").asInt()).isEqualTo(1);
        assertThat(a.get("leaseExpiresAt").asText()).isNotBlank();

        http.post(NS + "/jobs/" + a.get("id").asText() + "/heartbeat", report("w1", a, ", \"leaseDuration\": \"1m\"")).expect(204);
        http.post(NS + "/jobs/" + a.get("id").asText() + "/complete", report("w1", a, ", \"output\": \"sent\", \"result\": {\"messageId\": 7}"))
                .expect(204);
        JsonNode b = jobs.get(1);
        http.post(NS + "/jobs/" + b.get("id").asText() + "/fail", report("w1", b, ", \"error\": \"mailbox unknown\", \"retryable\": false"))
                .expect(204);

        Job done = fixture.tock.jobs().get(JobId.parse(a.get("id").asText()));
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        JsonNode attempt = http.get(NS + "/jobs/" + done.id() + "/attempts").expect(200).json().get("attempts").get(0);
        assertThat(attempt.get("node").asText()).isEqualTo("w1");
        assertThat(attempt.get("output").asText()).isEqualTo("sent\n{\"messageId\":7}");
        Job dead = fixture.tock.jobs().get(JobId.parse(b.get("id").asText()));
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.lastError()).contains("mailbox unknown");
        assertThat(List.of(first, second)).contains(done.id(), dead.id());
        assertThat(lease("w1", 10, "")).isEmpty();
    }

    @Test
    void aRetryableFailureWaitsForItsRetryAfterAndRunsAgain() {
        JobId id = enqueue("mail.send");
        JsonNode a = lease("w1", 1, "").get(0);
        Instant before = fixture.store.now();
        http.post(NS + "/jobs/" + id + "/fail", report("w1", a, ", \"error\": \"rate limited\", \"retryAfter\": \"1h\"")).expect(204);

        Job job = fixture.tock.jobs().get(id);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.runAt()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(59)));
        assertThat(lease("w1", 1, "")).isEmpty();
    }

    @Test
    void aStaleLeaseTokenIsRefusedAfterTheJobWasLeasedAgain() {
        JobId id = enqueue("mail.send");
        JsonNode first = lease("w1", 1, ", \"leaseDuration\": \"1s\"").get(0);
        // w1 stops heartbeating: the reaper takes the job back and w2 leases it.
        JsonNode second = await(Duration.ofSeconds(20), "the job to be leased again", () -> lease("w2", 1, ""), j -> j.size() == 1).get(0);
        assertThat(second.get("attempt").asInt()).isEqualTo(2);
        assertThat(second.get("leaseToken").asText()).isNotEqualTo(first.get("leaseToken").asText());

        http.post(NS + "/jobs/" + id + "/complete", report("w1", first, "")).expectProblem(409, null);
        http.post(NS + "/jobs/" + id + "/heartbeat", report("w1", first, "")).expectProblem(409, null);
        http.post(NS + "/jobs/" + id + "/complete", report("w1", second, "")).expectProblem(409, null);
        http.post(NS + "/jobs/" + id + "/complete", report("w2", second, "")).expect(204);

        List<String> outcomes = http.get(NS + "/jobs/" + id + "/attempts").expect(200).json().get("attempts").findValuesAsText("outcome");
        assertThat(outcomes).containsExactly("lease_expired", "succeeded");
    }

    @Test
    void aLeaseTokenCannotBeGuessedFromAnotherWorkersOrForged() {
        JobId id = enqueue("mail.send");
        JobId other = enqueue("mail.send");
        JsonNode jobs = lease("w1", 2, "");
        JsonNode held = jobs.get(0).get("id").asText().equals(id.toString()) ? jobs.get(0) : jobs.get(1);
        JsonNode otherHeld = held == jobs.get(0) ? jobs.get(1) : jobs.get(0);
        String token = held.get("leaseToken").asText();
        assertThat(token).as("fencing token, then a 128-bit mac in base64url").matches("[0-9]+\\.[A-Za-z0-9_-]{22}");
        long fencing = Long.parseLong(token.substring(0, token.indexOf('.')));
        String mac = token.substring(token.indexOf('.') + 1);
        Job before = fixture.tock.jobs().get(id);

        // Whoever holds a worker token for the queue may call itself w1; without w1's token it holds nothing.
        List<String> forged = List.of(
                Long.toString(fencing),                                  // the token of old: the counter alone
                fencing + "." + "A".repeat(22),                          // the right counter, a wrong mac
                (fencing + 2) + "." + mac,                               // the next lease's counter with this mac
                otherHeld.get("leaseToken").asText(),                    // a genuine token of another job
                fencing + "." + mac.substring(1),                        // the mac cut short
                fencing + "." + mac + "=", "." + mac, fencing + ".", "", "x.y", "-1." + mac);
        for (String token2 : forged) {
            String body = "{\"worker\": \"w1\", \"leaseToken\": \"" + token2 + "\"}";
            http.post(NS + "/jobs/" + id + "/complete", body).expectProblem(409, null);
            http.post(NS + "/jobs/" + id + "/fail", body).expectProblem(409, null);
            http.post(NS + "/jobs/" + id + "/heartbeat", body).expectProblem(409, null);
            String item = "{\"id\": \"" + id + "\", \"leaseToken\": \"" + token2 + "\"";
            assertThat(http.post(NS + "/workers/w1/results", "{\"results\": [" + item + ", \"outcome\": \"succeeded\"}]}")
                    .expect(200).json().get("refused")).extracting(JsonNode::asText).containsExactly(id.toString());
            assertThat(http.post(NS + "/workers/w1/release", "{\"leases\": [" + item + "}]}")
                    .expect(200).json().get("refused")).extracting(JsonNode::asText).containsExactly(id.toString());
        }
        Job after = fixture.tock.jobs().get(id);
        assertThat(after).as("the job after every forged report").isEqualTo(before);
        assertThat(http.get(NS + "/jobs/" + id + "/attempts").expect(200).json().get("attempts")).isEmpty();

        http.post(NS + "/jobs/" + id + "/complete", report("w1", held, "")).expect(204);
        assertThat(fixture.tock.jobs().get(id).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aLongPollReturnsAsSoonAsWorkArrives() throws Exception {
        CompletableFuture<JsonNode> polling = waiting(() -> lease("w1", 10, ", \"waitFor\": \"20s\""));
        dev.tock.testing.Eventually.sleep(300); // let the request reach its wait; it would find the job at once otherwise
        JobId id = enqueue("mail.send");

        // Wake-ups end the wait; the poll interval (30s) and the wait (20s) would both be later than this bound.
        JsonNode jobs = polling.get(15, TimeUnit.SECONDS);
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("id").asText()).isEqualTo(id.toString());
    }

    @Test
    void aStoppingWorkersWaitingLeaseRequestEndsEmpty() throws Exception {
        CompletableFuture<JsonNode> polling = waiting(() -> lease("w1", 10, ", \"waitFor\": \"20s\""));
        dev.tock.testing.Eventually.sleep(300);
        http.post(NS + "/workers/w1/release", "{\"leases\": [], \"stopping\": true}").expect(200);
        assertThat(polling.get(15, TimeUnit.SECONDS)).isEmpty();
        JobId id = enqueue("mail.send");
        assertThat(fixture.tock.jobs().get(id).state()).isEqualTo(JobState.READY);
        assertThat(lease("w1", 10, ", \"instance\": \"run-1\"")).as("a run that did not stop leases").hasSize(1);

        enqueue("mail.send");
        http.post(NS + "/workers/w1/release", "{\"leases\": [], \"stopping\": true, \"instance\": \"run-1\"}").expect(200);
        assertThat(lease("w1", 10, ", \"instance\": \"run-1\"")).as("a request of a stopped run, even a late one").isEmpty();
        assertThat(lease("w1", 10, ", \"instance\": \"run-2\"")).as("the next run of the worker").hasSize(1);
        http.post(NS + "/workers/w1/release", "{\"instance\": \"run-3\"}").expectProblem(400, "instance");
    }

    @Test
    void aRetriedJobIsLeasedByAWaitingWorkerWhenItFallsDue() throws Exception {
        JobId id = enqueue("mail.send");
        JsonNode a = lease("w1", 1, "").get(0);
        http.post(NS + "/jobs/" + id + "/fail", report("w1", a, ", \"error\": \"try later\", \"retryAfter\": \"1s\"")).expect(204);
        // No wake-up comes when the retry falls due; the wait ends then rather than after the 30s poll interval.
        JsonNode again = waiting(() -> lease("w1", 1, ", \"waitFor\": \"20s\"")).get(15, TimeUnit.SECONDS);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aPausedQueueLeasesNothingAndTypesFilter() {
        enqueue("mail.send");
        JobId sms = enqueue("sms.send");
        assertThat(lease("w1", 10, ", \"types\": [\"sms.send\"]")).extracting(j -> j.get("id").asText()).containsExactly(sms.toString());
        http.post(MAIL + "/pause", null).expect(200);
        assertThat(lease("w1", 10, "")).isEmpty();
        http.post(MAIL + "/resume", null).expect(200);
        assertThat(lease("w1", 10, "")).hasSize(1);
    }

    @Test
    void workersAppearInTheClusterUnderTheirNames() {
        http.send("POST", MAIL + "/lease", "{\"worker\": \"billing-worker-1\"}", Map.of("User-Agent", "billing/2.1")).expect(200);
        JsonNode nodes = http.get("/v1/cluster").expect(200).json().get("nodes");
        JsonNode worker = null;
        for (JsonNode n : nodes) {
            if (n.get("id").asText().equals("billing-worker-1")) {
                worker = n;
            }
        }
        assertThat(worker).as("worker in %s", nodes).isNotNull();
        assertThat(worker.get("roles").toString()).isEqualTo("[\"worker\"]");
        assertThat(worker.get("version").asText()).isEqualTo("billing/2.1");
    }

    @Test
    void batchHeartbeatsAndResultsAnswerWhatWasRefused() {
        for (int i = 0; i < 3; i++) {
            enqueue("mail.send");
        }
        JsonNode jobs = lease("w1", 3, "");
        String a = jobs.get(0).get("id").asText();
        String b = jobs.get(1).get("id").asText();
        String c = jobs.get(2).get("id").asText();
        String stale = "{\"id\": \"" + c + "\", \"leaseToken\": \"999\"}";

        JsonNode lost = http.post(NS + "/workers/w1/heartbeat", "{\"leases\": [{\"id\": \"" + a + "\", \"leaseToken\": \""
                + jobs.get(0).get("leaseToken").asText() + "\"}, " + stale + "]}").expect(200).json().get("refused");
        assertThat(lost).extracting(JsonNode::asText).containsExactly(c);
        assertThat(http.post(NS + "/workers/w2/heartbeat", "{\"leases\": []}").expect(200).json().get("refused")).isEmpty();

        JsonNode refused = http.post(NS + "/workers/w1/results", "{\"results\": ["
                + "{\"id\": \"" + a + "\", \"leaseToken\": \"" + jobs.get(0).get("leaseToken").asText() + "\", \"outcome\": \"succeeded\"},"
                + "{\"id\": \"" + b + "\", \"leaseToken\": \"" + jobs.get(1).get("leaseToken").asText()
                + "\", \"outcome\": \"failed\", \"error\": \"boom\", \"retryable\": false},"
                + "{\"id\": \"" + c + "\", \"leaseToken\": \"999\", \"outcome\": \"succeeded\"}]}").expect(200).json().get("refused");
        assertThat(refused).extracting(JsonNode::asText).containsExactly(c);
        assertThat(fixture.tock.jobs().get(JobId.parse(a)).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(fixture.tock.jobs().get(JobId.parse(b)).state()).isEqualTo(JobState.DEAD);
        assertThat(fixture.tock.jobs().get(JobId.parse(c)).state()).isEqualTo(JobState.RUNNING);

        JsonNode released = http.post(NS + "/workers/w1/release", "{\"leases\": [{\"id\": \"" + c + "\", \"leaseToken\": \""
                + jobs.get(2).get("leaseToken").asText() + "\"}, {\"id\": \"" + a + "\", \"leaseToken\": \"1\"}]}")
                .expect(200).json().get("refused");
        assertThat(released).extracting(JsonNode::asText).containsExactly(a);
        Job again = fixture.tock.jobs().get(JobId.parse(c));
        assertThat(again.state()).isEqualTo(JobState.READY);
        assertThat(lease("w2", 1, "").get(0).get("attempt").asInt()).as("a release counts no attempt").isEqualTo(1);
    }

    @Test
    void badWorkerRequestsNameTheirField() {
        http.post(MAIL + "/lease", "{}").expectProblem(400, "worker");
        http.post(MAIL + "/lease", "{\"worker\": \"has space\"}").expectProblem(400, "worker");
        http.post(MAIL + "/lease", "{\"worker\": \"w\", \"max\": 0}").expectProblem(400, "max");
        http.post(MAIL + "/lease", "{\"worker\": \"w\", \"waitFor\": \"5m\"}").expectProblem(400, "waitFor");
        http.post(MAIL + "/lease", "{\"worker\": \"w\", \"leaseDuration\": \"100ms\"}").expectProblem(400, "leaseDuration");
        http.post(MAIL + "/lease", "{\"worker\": \"w\", \"types\": [\"ok\", \"bad type\"]}").expectProblem(400, "types[1]");
        http.post("/v1/namespaces/default/queues/Bad_Queue/lease", "{\"worker\": \"w\"}").expectProblem(400, "queue");
        JobId id = enqueue("mail.send");
        http.post(NS + "/jobs/" + id + "/complete", "{\"worker\": \"w\"}").expectProblem(400, "leaseToken");
        http.post(NS + "/jobs/" + id + "/complete", "{\"worker\": \"w\", \"leaseToken\": \"abc\"}").expectProblem(409, null);
        http.post(NS + "/jobs/" + id + "/complete", "{\"worker\": \"w\", \"leaseToken\": \"1\", \"outcome\": \"failed\"}")
                .expectProblem(400, "outcome");
        http.post(NS + "/jobs/" + id + "/complete", "{\"worker\": \"w\", \"leaseToken\": \"1\"}").expectProblem(409, null);
        http.post(NS + "/workers/w/results", "{\"results\": [{\"id\": \"" + id + "\", \"leaseToken\": \"1\"}]}")
                .expectProblem(400, "results[0].outcome");
        http.post(NS + "/workers/w/results", "{\"results\": []}").expectProblem(400, "results");
        assertThat(fixture.tock.jobs().get(id).state()).isEqualTo(JobState.READY);
    }

    /**
     * A long-polling request on a thread of its own: the common pool has one thread on a 2-core machine, and a
     * poll another test left waiting would hold it.
     */
    private static CompletableFuture<JsonNode> waiting(java.util.function.Supplier<JsonNode> request) {
        return CompletableFuture.supplyAsync(request, task -> Thread.ofVirtual().start(task));
    }
}

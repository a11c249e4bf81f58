package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRoutesTest extends ApiTest {

    @Test
    void createsAJobAndFindsItAtItsLocation() {
        var created = http.post(NS + "/jobs", """
                {"type": "email.send", "payload": {"to": "ada@example.com"}, "queue": "mail", "priority": 5,
                 "delay": "10m", "retry": {"maxAttempts": 5, "initialBackoff": "2s"}, "timeout": "30s",
                 "labels": {"team": "growth"}}""").expect(201);
        String id = created.text("id");
        assertThat(created.header("Location")).isEqualTo(NS + "/jobs/" + id);
        assertThat(created.text("state")).isEqualTo("scheduled");
        assertThat(created.json().get("payload").get("to").asText()).isEqualTo("ada@example.com");

        JsonNode job = http.get(NS + "/jobs/" + id).expect(200).json();
        assertThat(job.get("type").asText()).isEqualTo("email.send");
        assertThat(job.get("queue").asText()).isEqualTo("mail");
        assertThat(job.get("priority").asInt()).isEqualTo(5);
        assertThat(job.get("retry").get("maxAttempts").asInt()).isEqualTo(5);
        assertThat(job.get("retry").get("initialBackoff").asText()).isEqualTo("2s");
        assertThat(job.get("timeout").asText()).isEqualTo("30s");
        assertThat(job.get("labels").get("team").asText()).isEqualTo("growth");
        assertThat(fixture.tock.jobs().get(JobId.parse(id)).state()).isEqualTo(JobState.SCHEDULED);
    }

    @Test
    void onlyTypeIsRequiredAndAnyTypeIsAccepted() {
        var created = http.post(NS + "/jobs", "{\"type\": \"no.worker.knows.this\"}").expect(201);
        assertThat(created.text("state")).isEqualTo("ready");
        assertThat(created.json().get("payload").isObject()).isTrue();
        assertThat(created.text("queue")).isEqualTo("default");
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyReturnsTheFirstJobWith200() {
        String first = http.send("POST", NS + "/jobs", "{\"type\": \"t\"}", Map.of("Idempotency-Key", "once"))
                .expect(201).text("id");
        var repeat = http.send("POST", NS + "/jobs", "{\"type\": \"t\", \"payload\": 2}", Map.of("Idempotency-Key", "once"))
                .expect(200);
        assertThat(repeat.text("id")).isEqualTo(first);
        assertThat(repeat.json().get("payload").isObject()).as("the first job's payload").isTrue();

        String byField = http.post(NS + "/jobs", "{\"type\": \"t\", \"idempotencyKey\": \"k2\"}").expect(201).text("id");
        assertThat(http.post(NS + "/jobs", "{\"type\": \"t\", \"idempotencyKey\": \"k2\"}").expect(200).text("id")).isEqualTo(byField);
        assertThat(http.send("POST", NS + "/jobs", "{\"type\": \"t\"}", Map.of("Idempotency-Key", "k2")).expect(200).text("id"))
                .isEqualTo(byField);

        http.send("POST", NS + "/jobs", "{\"type\": \"t\", \"idempotencyKey\": \"a\"}", Map.of("Idempotency-Key", "b"))
                .expectProblem(400, "idempotencyKey");
    }

    @Test
    void aBatchIsStoredInOneTransaction() {
        var reply = http.post(NS + "/jobs/batch", """
                {"jobs": [{"type": "a"}, {"type": "b", "idempotencyKey": "bk"}, {"type": "c", "delay": "1h"}]}""").expect(201);
        JsonNode jobs = reply.json().get("jobs");
        assertThat(jobs).hasSize(3);
        assertThat(jobs.get(0).get("created").asBoolean()).isTrue();
        assertThat(fixture.tock.jobs().get(JobId.parse(jobs.get(2).get("id").asText())).type()).isEqualTo("c");

        var repeat = http.post(NS + "/jobs/batch", "{\"jobs\": [{\"type\": \"b\", \"idempotencyKey\": \"bk\"}]}").expect(200);
        assertThat(repeat.json().get("jobs").get(0).get("id").asText()).isEqualTo(jobs.get(1).get("id").asText());
        assertThat(repeat.json().get("jobs").get(0).get("created").asBoolean()).isFalse();
    }

    @Test
    void aBatchWithOneBadJobStoresNothingAndNamesIt() {
        long before = total();
        http.post(NS + "/jobs/batch", """
                {"jobs": [{"type": "a"}, {"type": "b"}, {"type": "c", "retry": {"maxAttempts": 0}}]}""")
                .expectProblem(400, "jobs[2].retry.maxAttempts");
        http.post(NS + "/jobs/batch", "{\"jobs\": [{\"type\": \"a\"}, {\"type\": \"a\", \"bogus\": 1}]}")
                .expectProblem(400, "jobs[1].bogus");
        http.post(NS + "/jobs/batch", "{\"jobs\": [{\"type\": \"a\"}, {\"queue\": \"q\"}]}").expectProblem(400, "jobs[1].type");
        http.post(NS + "/jobs/batch", "{\"jobs\": []}").expectProblem(400, "jobs");
        http.post(NS + "/jobs/batch", "{\"jobs\": [null]}").expectProblem(400, "jobs[0]");
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void aBatchOfMoreThanTheLimitIsRefused() {
        List<Map<String, String>> jobs = new ArrayList<>();
        for (int i = 0; i <= JobRoutes.MAX_BATCH; i++) {
            jobs.add(Map.of("type", "t"));
        }
        http.post(NS + "/jobs/batch", Http.json(Map.of("jobs", jobs))).expectProblem(400, "jobs");
    }

    @Test
    void cancelsAPendingJobAndRefusesToCancelAFinishedOne() {
        String id = http.post(NS + "/jobs", "{\"type\": \"t\"}").expect(201).text("id");
        assertThat(http.post(NS + "/jobs/" + id + "/cancel", null).expect(200).text("state")).isEqualTo("cancelled");
        http.post(NS + "/jobs/" + id + "/cancel", null).expectProblem(409, null);
    }

    @Test
    void attemptsOfAJobThatRan() {
        String id = http.post(NS + "/jobs", "{\"type\": \"t\"}").expect(201).text("id");
        assertThat(http.get(NS + "/jobs/" + id + "/attempts").expect(200).json().get("attempts")).isEmpty();
    }

    @Test
    void unknownJobsAndJobsOfAnotherNamespaceAreNotFound() {
        http.get(NS + "/jobs/" + JobId.generate()).expectProblem(404, null);
        http.get(NS + "/jobs/not-an-id").expectProblem(404, null);
        String id = http.post(NS + "/jobs", "{\"type\": \"t\"}").expect(201).text("id");
        http.post("/v1/namespaces", "{\"name\": \"other\"}").expect(201);
        http.get("/v1/namespaces/other/jobs/" + id).expectProblem(404, null);
        http.post("/v1/namespaces/other/jobs/" + id + "/cancel", null).expectProblem(404, null);
        http.get(NS + "/jobs/" + id).expect(200);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        http.post(NS + "/jobs", "{\"type\": ").expectProblem(400, null);
        http.post(NS + "/jobs", "{\"type\": \"t\"} trailing").expectProblem(400, null);
        http.post(NS + "/jobs", "").expectProblem(400, null);
        http.post(NS + "/jobs", "[]").expectProblem(400, null);
        http.post(NS + "/jobs", "{\"type\": \"t\", \"type\": \"u\"}").expectProblem(400, null);
        http.post(NS + "/jobs", "{\"type\": \"t\", \"colour\": \"red\"}").expectProblem(400, "colour");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"retry\": {\"tries\": 3}}").expectProblem(400, "retry.tries");
        http.post(NS + "/jobs", "{\"type\": 5}").expectProblem(400, "type");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"priority\": \"high\"}").expectProblem(400, "priority");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"priority\": 1.5}").expectProblem(400, "priority");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"priority\": null}").expect(201);
        http.post(NS + "/jobs", "{\"type\": \"t\", \"priority\": 5000}").expectProblem(400, "priority");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"labels\": [1]}").expectProblem(400, "labels");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"labels\": {\"k\": 1}}").expectProblem(400, "labels.k");
        http.post(NS + "/jobs", "{\"type\": \"bad type!\"}").expectProblem(400, "type");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"queue\": \"Upper\"}").expectProblem(400, "queue");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"runAt\": \"tomorrow\"}").expectProblem(400, "runAt");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"runAt\": \"2026-01-01T00:00:00Z\", \"delay\": \"1m\"}").expectProblem(400, "runAt");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"-5s\"}").expectProblem(400, "delay");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"timeout\": \"30 s\"}").expectProblem(400, "timeout");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"retry\": {\"jitter\": 2}}").expectProblem(400, "retry.jitter");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"retry\": {\"maxBackoff\": \"1ms\"}}").expectProblem(400, "retry.maxBackoff");
        http.post(NS + "/jobs", "[".repeat(500) + "]".repeat(500)).expectProblem(400, null);
        http.post(NS + "/jobs", "{\"type\": \"t\", \"payload\": " + "[".repeat(300) + "]".repeat(300) + "}").expectProblem(400, null);
        http.post("/v1/namespaces/missing/jobs", "{\"type\": \"t\"}").expectProblem(404, null);
        http.post("/v1/namespaces/NOT_A_NAME/jobs", "{\"type\": \"t\"}").expectProblem(404, null);
        assertThat(total()).isEqualTo(1);
    }

    @Test
    void wrongMethodAndUnknownRoute() {
        var reply = http.delete(NS + "/jobs").expectProblem(405, null);
        assertThat(reply.header("Allow")).contains("GET").contains("POST");
        http.get(NS + "/jobz").expectProblem(404, null);
        http.get("/v2/anything").expectProblem(404, null);
        http.send("PATCH", NS + "/jobs", "{}", Map.of()).expectProblem(405, null);
    }

    private long total() {
        return fixture.tock.jobs().countByState("default").values().stream().mapToLong(Long::longValue).sum();
    }
}

package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key sharing, explanations and multi-queue leasing over the API, including the input it refuses. */
class FairSharingRoutesTest extends ApiTest {

    @Test
    void aQueuesKeySharingIsSavedAndShown() {
        JsonNode saved = http.put(NS + "/queues/tenants", "{\"maxRunning\": 50, \"perKeyMaxRunning\": 2,"
                + " \"perKeyLimits\": {\"big\": 10}, \"rateLimit\": {\"rate\": \"100/s\", \"burst\": 20}, \"perKeyRate\": \"10/s\","
                + " \"fairness\": {\"by\": \"key\", \"weights\": {\"gold\": 3}}}").expect(201).json();
        assertThat(saved.get("perKeyMaxRunning").asInt()).isEqualTo(2);
        assertThat(saved.get("perKeyLimits").get("big").asInt()).isEqualTo(10);
        assertThat(saved.get("rateLimit").get("rate").asText()).isEqualTo("100/s");
        assertThat(saved.get("rateLimit").get("burst").asInt()).isEqualTo(20);
        assertThat(saved.get("perKeyRate").get("burst").asInt()).isEqualTo(1);
        assertThat(saved.get("fairness").get("weights").get("gold").asInt()).isEqualTo(3);

        JsonNode got = http.get(NS + "/queues/tenants").expect(200).json();
        assertThat(got.get("perKeyRate").get("rate").asText()).isEqualTo("10/s");
        assertThat(got.get("runningByKey").isObject()).isTrue();
        JsonNode cleared = http.put(NS + "/queues/tenants", "{\"maxRunning\": 50}").expect(200).json();
        assertThat(cleared.has("perKeyMaxRunning")).isFalse();
        assertThat(cleared.has("fairness")).isFalse();
    }

    @Test
    void badSharingSettingsAreRefusedNamingTheField() {
        http.put(NS + "/queues/q", "{\"rateLimit\": {\"rate\": \"0/s\"}}").expectProblem(400, "rateLimit.rate");
        http.put(NS + "/queues/q", "{\"rateLimit\": {\"rate\": \"-5/s\"}}").expectProblem(400, "rateLimit.rate");
        http.put(NS + "/queues/q", "{\"rateLimit\": {\"rate\": \"fast\"}}").expectProblem(400, "rateLimit.rate");
        http.put(NS + "/queues/q", "{\"rateLimit\": {\"rate\": \"10/s\", \"burst\": 0}}").expectProblem(400, "rateLimit.burst");
        http.put(NS + "/queues/q", "{\"perKeyRate\": {\"rate\": \"10/s\", \"burst\": -1}}").expectProblem(400, "perKeyRate.burst");
        http.put(NS + "/queues/q", "{\"perKeyRate\": \"0/m\"}").expectProblem(400, "perKeyRate");
        http.put(NS + "/queues/q", "{\"perKeyMaxRunning\": 0}").expectProblem(400, "perKeyMaxRunning");
        http.put(NS + "/queues/q", "{\"perKeyLimits\": {\"big\": 0}}").expectProblem(400, "perKeyLimits.big");
        http.put(NS + "/queues/q", "{\"fairness\": {\"by\": \"tenant\"}}").expectProblem(400, "fairness.by");
        http.put(NS + "/queues/q", "{\"fairness\": {\"by\": \"key\", \"weights\": {\"gold\": 0}}}")
                .expectProblem(400, "fairness.weights.gold");
    }

    @Test
    void aStaticallyWrongKeyTemplateIsRefusedAndAMissingFieldIsExplained() {
        http.post(NS + "/jobs", "{\"type\": \"t\", \"concurrencyKey\": \"{{tenant}}\"}").expectProblem(400, "concurrencyKey");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"concurrencyKey\": \"{{payload.}}\"}").expectProblem(400, "concurrencyKey");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"concurrencyKey\": \"a{{payload.x\"}").expectProblem(400, "concurrencyKey");
        http.put(NS + "/schedules/s", "{\"schedule\": \"@hourly\", \"jobTemplate\": {\"type\": \"t\", \"concurrencyKey\": \"{{x}}\"}}")
                .expectProblem(400, "jobTemplate.concurrencyKey");
        JsonNode schedule = http.put(NS + "/schedules/s", "{\"schedule\": \"@hourly\", \"jobTemplate\": {\"type\": \"t\","
                + " \"concurrencyKey\": \"{{payload.tenant}}\"}}").expect(201).json();
        assertThat(schedule.get("jobTemplate").get("concurrencyKey").asText()).isEqualTo("{{payload.tenant}}");

        String id = http.post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"1h\", \"payload\": {\"tenant\": \"acme\"},"
                + " \"concurrencyKey\": \"t-{{payload.tenant}}\"}").expect(201).text("id");
        JsonNode job = http.get(NS + "/jobs/" + id).expect(200).json();
        assertThat(job.get("concurrencyKey").asText()).isEqualTo("t-acme");
        assertThat(job.get("waiting").get("reason").asText()).isEqualTo("scheduled");
        assertThat(job.get("waiting").has("until")).isTrue();

        String missing = http.post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"1h\", \"payload\": {},"
                + " \"concurrencyKey\": \"{{payload.tenant}}\"}").expect(201).text("id");
        JsonNode noKey = http.get(NS + "/jobs/" + missing).expect(200).json();
        assertThat(noKey.has("concurrencyKey")).isFalse();
        assertThat(noKey.get("concurrencyKeyNote").asText()).contains("payload.tenant missing");
        assertThat(noKey.get("waiting").get("detail").asText()).contains("payload.tenant missing");
    }

    @Test
    void aWorkerLeasesFromSeveralQueuesInOneRequestByWeight() {
        for (String queue : new String[] {"a", "b", "c"}) {
            for (int i = 0; i < 20; i++) {
                http.post(NS + "/jobs", "{\"type\": \"t\", \"queue\": \"" + queue + "\"}").expect(201);
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            JsonNode jobs = http.post(NS + "/lease", "{\"worker\": \"w\", \"max\": 5, \"queues\": [\"a\", \"b\", \"c\"],"
                    + " \"weights\": {\"a\": 3}}").expect(200).json().get("jobs");
            jobs.forEach(j -> counts.merge(j.get("queue").asText(), 1, Integer::sum));
        }
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", 12, "b", 4, "c", 4));

        http.post(NS + "/lease", "{\"worker\": \"w\", \"max\": 5}").expectProblem(400, "queues");
        http.post(NS + "/lease", "{\"worker\": \"w\", \"queues\": [\"a\", \"a\"]}").expectProblem(400, "queues[1]");
        http.post(NS + "/lease", "{\"worker\": \"w\", \"queues\": [\"a\"], \"weights\": {\"z\": 2}}").expectProblem(400, "weights.z");
        http.post(NS + "/lease", "{\"worker\": \"w\", \"queues\": [\"a\"], \"weights\": {\"a\": 0}}").expectProblem(400, "weights.a");
    }

    @Test
    void queuesFlagReadyJobsThatNothingHandlesUntilAWorkerLeasesTheirQueue() {
        // Due a minute ago: the check runs for queues whose oldest due job has waited a while.
        String due = java.time.Instant.now().minusSeconds(60).toString();
        http.post(NS + "/jobs", "{\"type\": \"pdf.render\", \"queue\": \"docs\", \"runAt\": \"" + due + "\"}").expect(201);
        http.post(NS + "/jobs", "{\"type\": \"pdf.render\", \"queue\": \"docs\", \"runAt\": \"" + due + "\"}").expect(201);
        JsonNode docs = http.get(NS + "/queues/docs").expect(200).json();
        assertThat(docs.get("unhandled")).hasSize(1);
        assertThat(docs.get("unhandled").get(0).get("type").asText()).isEqualTo("pdf.render");
        assertThat(docs.get("unhandled").get(0).get("ready").asLong()).isEqualTo(2);
        JsonNode listed = http.get(NS + "/queues").expect(200).json().get("queues");
        assertThat(listed.findValues("unhandled")).hasSize(1);

        http.post(NS + "/queues/docs/lease", "{\"worker\": \"w\", \"max\": 1, \"types\": [\"other\"]}").expect(200);
        assertThat(http.get(NS + "/queues/docs").expect(200).json().has("unhandled")).as("a worker leases from the queue").isFalse();
    }
}

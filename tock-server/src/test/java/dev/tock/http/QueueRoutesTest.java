package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class QueueRoutesTest extends ApiTest {

    @Test
    void putCreatesThenUpdatesAQueue() {
        var created = http.put(NS + "/queues/mail", "{\"maxRunning\": 4}").expect(201);
        assertThat(created.header("Location")).isEqualTo(NS + "/queues/mail");
        assertThat(created.json().get("maxRunning").asInt()).isEqualTo(4);
        assertThat(created.json().get("paused").asBoolean()).isFalse();

        http.post(NS + "/queues/mail/pause", null).expect(200);
        JsonNode updated = http.put(NS + "/queues/mail", "{\"maxRunning\": 8}").expect(200).json();
        assertThat(updated.get("maxRunning").asInt()).isEqualTo(8);
        assertThat(updated.get("paused").asBoolean()).as("paused is kept when left out").isTrue();
        JsonNode unlimited = http.put(NS + "/queues/mail", "{\"paused\": false}").expect(200).json();
        assertThat(unlimited.has("maxRunning")).isFalse();
        assertThat(unlimited.get("paused").asBoolean()).isFalse();
    }

    @Test
    void getAndListShowJobCountsAndPauseResume() {
        http.put(NS + "/queues/mail", "{\"maxRunning\": 2}").expect(201);
        http.post(NS + "/jobs", "{\"type\": \"t\", \"queue\": \"reports\"}").expect(201);
        http.post(NS + "/jobs", "{\"type\": \"t\", \"queue\": \"reports\", \"delay\": \"1h\"}").expect(201);

        JsonNode reports = http.get(NS + "/queues/reports").expect(200).json();
        assertThat(reports.get("defined").asBoolean()).isFalse();
        assertThat(reports.get("jobs").get("ready").asLong()).isEqualTo(1);
        assertThat(reports.get("jobs").get("scheduled").asLong()).isEqualTo(1);

        JsonNode list = http.get(NS + "/queues").expect(200).json().get("queues");
        assertThat(list.findValuesAsText("name")).contains("mail", "reports");

        assertThat(http.post(NS + "/queues/mail/pause", null).expect(200).json().get("paused").asBoolean()).isTrue();
        assertThat(http.get(NS + "/queues/mail").json().get("paused").asBoolean()).isTrue();
        assertThat(http.post(NS + "/queues/mail/resume", null).expect(200).json().get("paused").asBoolean()).isFalse();
        http.get(NS + "/queues/nothing-here").expectProblem(404, null);
    }

    @Test
    void deleteRefusesAQueueWithUnfinishedJobs() {
        http.put(NS + "/queues/busy", "{\"maxRunning\": 1}").expect(201);
        String id = http.post(NS + "/jobs", "{\"type\": \"t\", \"queue\": \"busy\", \"delay\": \"1h\"}").expect(201).text("id");
        http.delete(NS + "/queues/busy").expectProblem(409, null);
        http.post(NS + "/jobs/" + id + "/cancel", null).expect(200);
        http.delete(NS + "/queues/busy").expect(204);
        http.delete(NS + "/queues/busy").expectProblem(404, null);
    }

    @Test
    void badInput() {
        http.put(NS + "/queues/mail", "{\"maxRunning\": 0}").expectProblem(400, "maxRunning");
        http.put(NS + "/queues/mail", "{\"maxRunning\": \"4\"}").expectProblem(400, "maxRunning");
        http.put(NS + "/queues/mail", "{\"limit\": 4}").expectProblem(400, "limit");
        http.put(NS + "/queues/mail", "{\"paused\": \"yes\"}").expectProblem(400, "paused");
        http.put(NS + "/queues/Mail_Queue", "{}").expectProblem(400, "queue");
        http.put(NS + "/queues/mail", "not json").expectProblem(400, null);
        http.put("/v1/namespaces/nope/queues/mail", "{}").expectProblem(404, null);
        http.get("/v1/namespaces/nope/queues").expectProblem(404, null);
        http.post(NS + "/queues/mail/stop", null).expectProblem(404, null);
    }
}

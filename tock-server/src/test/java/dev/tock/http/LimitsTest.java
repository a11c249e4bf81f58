package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Values at and beyond every range a request can reach: each refused with a 400 naming its field, never a 5xx. */
class LimitsTest extends ApiTest {
    private static final String SCHEDULE = NS + "/schedules/s";

    private static String schedule(String extra) {
        return "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\"}" + extra + "}";
    }

    @Test
    void durationsAndTimesOutOfRangeAreRefusedNamingTheField() {
        for (String delay : List.of("999999999999999999d", "PT2562047788015216H", "106751991167d", "9999999999s")) {
            var reply = http.post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"" + delay + "\"}");
            assertThat(reply.status()).as(delay + ": " + reply.raw().body()).isEqualTo(400);
            assertThat(reply.text("field")).isEqualTo("delay");
        }
        http.post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"3650d\"}").expect(201);
        for (String runAt : List.of("+1000000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            http.post(NS + "/jobs", "{\"type\": \"t\", \"runAt\": \"" + runAt + "\"}").expectProblem(400, "runAt");
        }
        http.post(NS + "/jobs", "{\"type\": \"t\", \"runAt\": \"9999-12-31T00:00:00Z\"}").expect(201);
        http.post(NS + "/jobs", "{\"type\": \"t\", \"timeout\": \"999999999999999d\"}").expectProblem(400, "timeout");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"retry\": {\"initialBackoff\": \"99999999999999d\"}}").expectProblem(400, "retry.initialBackoff");
        http.put(SCHEDULE, schedule(", \"catchUpWindow\": \"999999999999d\"")).expectProblem(400, "catchUpWindow");
        http.put(SCHEDULE, schedule(", \"startingDeadlineSeconds\": 99999999999999")).expectProblem(400, "startingDeadlineSeconds");
        http.put(SCHEDULE, schedule(", \"jitter\": \"99999999999999d\"")).expectProblem(400, "jitter");
        http.put(SCHEDULE, schedule("")).expect(201);
        http.post(SCHEDULE + "/backfill", "{\"from\": \"-999999999-01-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"}")
                .expectProblem(400, "from");
        http.get(NS + "/jobs?createdFrom=%2B1000000000-01-01T00:00:00Z").expectProblem(400, "createdFrom");
    }

    @Test
    void countsAndLengthsHaveLimits() {
        StringBuilder labels = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            labels.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        http.post(NS + "/jobs", "{\"type\": \"t\", \"labels\": " + labels + "}}").expectProblem(400, "labels");
        http.post(NS + "/jobs", "{\"type\": \"" + "t".repeat(201) + "\"}").expectProblem(400, "type");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"queue\": \"" + "q".repeat(64) + "\"}").expectProblem(400, "queue");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"idempotencyKey\": \"" + "k".repeat(256) + "\"}").expectProblem(400, "idempotencyKey");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"labels\": {\"k\": \"" + "v".repeat(254) + "\"}}").expectProblem(400, "labels");
        http.put(NS + "/queues/q", "{\"maxRunning\": 99999999999}").expectProblem(400, "maxRunning");
        http.get(NS + "/jobs?limit=501").expectProblem(400, "limit");
        http.get(SCHEDULE + "/preview?count=101").expectProblem(400, null);
        http.post(NS + "/jobs/batch", "{\"jobs\": [" + String.join(",", java.util.Collections.nCopies(1001, "{\"type\": \"t\"}")) + "]}")
                .expectProblem(400, "jobs");
    }
}

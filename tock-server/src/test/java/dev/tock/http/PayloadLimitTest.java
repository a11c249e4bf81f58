package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Payloads beyond max-payload-bytes and bodies beyond max-request-bytes are refused with 413. */
class PayloadLimitTest extends ApiTest {

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config().maxPayloadBytes(1024).maxRequestBytes(4096), b -> { }, b -> { });
    }

    @Test
    void aPayloadOverTheLimitIsRefusedNamingIt() {
        String big = "x".repeat(1100);
        http.post(NS + "/jobs", "{\"type\": \"t\", \"payload\": \"" + big + "\"}").expectProblem(413, "payload");
        http.post(NS + "/jobs/batch", "{\"jobs\": [{\"type\": \"t\"}, {\"type\": \"t\", \"payload\": \"" + big + "\"}]}")
                .expectProblem(413, "jobs[1].payload");
        http.put(NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\", \"payload\": \"" + big + "\"}}")
                .expectProblem(413, "jobTemplate.payload");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"payload\": \"" + "x".repeat(900) + "\"}").expect(201);
    }

    @Test
    void aBodyOverTheRequestLimitIsRefusedBeforeParsing() {
        String huge = "{\"type\": \"t\", \"payload\": \"" + "x".repeat(5000) + "\"}";
        var reply = http.post(NS + "/jobs", huge).expectProblem(413, null);
        assertThat(reply.text("detail")).contains("4096");
        http.put(NS + "/queues/q", "{\"maxRunning\": 1" + " ".repeat(5000) + "}").expectProblem(413, null);
        http.get("/health").expect(200);
    }
}

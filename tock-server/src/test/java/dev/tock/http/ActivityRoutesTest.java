package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.handler.PermanentFailure;
import dev.tock.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Throughput, recent failures and next fires, and the job actions and lookups the dashboard uses. */
class ActivityRoutesTest extends ApiTest {

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config(), b -> b.handler("fails", ctx -> {
            throw new PermanentFailure("mailbox <full>");
        }).handler("works", ctx -> { }), b -> { });
    }

    @Test
    void throughputCountsTheLastWindowInWholeBuckets() {
        fixture.tock.start();
        http.post(NS + "/jobs", "{\"type\": \"works\"}").expect(201);
        http.post(NS + "/jobs", "{\"type\": \"works\"}").expect(201);
        http.post(NS + "/jobs", "{\"type\": \"fails\"}").expect(201);
        Eventually.await(Duration.ofSeconds(10), "the jobs to finish", () -> succeededAndDead().equals(List.of(2L, 1L)));

        JsonNode view = http.get(NS + "/throughput?window=10m&bucket=1m").expect(200).json();

        assertThat(view.get("bucket").asText()).isEqualTo("1m");
        JsonNode buckets = view.get("buckets");
        assertThat(buckets).hasSize(10);
        Instant first = Instant.parse(buckets.get(0).get("start").asText());
        assertThat(first.getEpochSecond() % 60).as("buckets start on whole minutes").isZero();
        assertThat(Instant.parse(buckets.get(9).get("start").asText())).isEqualTo(first.plusSeconds(540));
        assertThat(buckets.get(9).get("succeeded").asLong() + buckets.get(8).get("succeeded").asLong()).isEqualTo(2);
        assertThat(http.get(NS + "/throughput").expect(200).json().get("buckets")).hasSize(60);
    }

    private List<Long> succeededAndDead() {
        JsonNode b = http.get(NS + "/throughput?window=1h&bucket=1h").json().get("buckets").get(0);
        return List.of(b.get("succeeded").asLong(), b.get("dead").asLong());
    }

    @Test
    void throughputRefusesBadWindowsNamingTheField() {
        http.get(NS + "/throughput?bucket=1s").expectProblem(400, "bucket");
        http.get(NS + "/throughput?window=2d").expectProblem(400, "window");
        http.get(NS + "/throughput?window=1d&bucket=10s").expectProblem(400, "bucket");
        http.get(NS + "/throughput?window=soon").expectProblem(400, "window");
        http.get("/v1/namespaces/nope/throughput").expectProblem(404, null);
    }

    @Test
    void failuresListTheLatestFailedAttemptsWithTheirJob() {
        fixture.tock.start();
        String id = http.post(NS + "/jobs", "{\"type\": \"fails\", \"queue\": \"mail\"}").expect(201).text("id");
        JsonNode failures = Eventually.await(Duration.ofSeconds(10), "the failure to show",
                () -> http.get(NS + "/failures?limit=5").expect(200).json().get("failures"), f -> f.size() == 1);

        JsonNode f = failures.get(0);
        assertThat(f.get("job").asText()).isEqualTo(id);
        assertThat(f.get("queue").asText()).isEqualTo("mail");
        assertThat(f.get("type").asText()).isEqualTo("fails");
        assertThat(f.get("jobState").asText()).isEqualTo("dead");
        assertThat(f.get("outcome").asText()).isEqualTo("failed");
        assertThat(f.get("attempt").asInt()).isEqualTo(1);
        assertThat(f.get("error").asText()).contains("mailbox <full>");
        http.get(NS + "/failures?limit=0").expectProblem(400, "limit");
    }

    @Test
    void nextFiresMergeTheActiveSchedulesEarliestFirst() {
        http.put(NS + "/schedules/often", "{\"schedule\": \"*/10 * * * *\", \"jobTemplate\": {\"type\": \"works\"}}").expect(201);
        // Hourly, so that it is among the next 20 fires whatever the time of day the test runs.
        http.put(NS + "/schedules/hourly", "{\"schedule\": \"15 * * * *\", \"timeZone\": \"Europe/Berlin\", \"jobTemplate\": {\"type\": \"works\"}}")
                .expect(201);
        http.put(NS + "/schedules/off", "{\"schedule\": \"* * * * *\", \"suspend\": true, \"jobTemplate\": {\"type\": \"works\"}}")
                .expect(201);

        JsonNode fires = http.get(NS + "/next-fires?limit=20").expect(200).json().get("fires");

        assertThat(fires).hasSize(20);
        List<Instant> times = new ArrayList<>();
        fires.forEach(f -> times.add(Instant.parse(f.get("time").asText())));
        assertThat(times).isSorted();
        assertThat(fires.findValuesAsText("schedule")).contains("often", "hourly").doesNotContain("off");
        JsonNode hourly = java.util.stream.StreamSupport.stream(fires.spliterator(), false)
                .filter(f -> f.get("schedule").asText().equals("hourly")).findFirst().orElseThrow();
        assertThat(hourly.get("local").asText()).matches(".*T\\d\\d:15:00\\+0[12]:00");
        assertThat(hourly.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(hourly.get("description").asText()).isEqualTo("at minute 15 of every hour");
        assertThat(http.get(NS + "/schedules/hourly").json().get("nextFireTime").asText()).isEqualTo(hourly.get("time").asText());
        assertThat(http.get(NS + "/schedules/off").json().has("nextFireTime")).isFalse();
        http.get(NS + "/next-fires?limit=101").expectProblem(400, "limit");
    }

    @Test
    void runNowMakesAScheduledJobDueAndRefusesAFinishedOne() {
        String id = http.post(NS + "/jobs", "{\"type\": \"works\", \"delay\": \"1h\"}").expect(201).text("id");
        JsonNode moved = http.post(NS + "/jobs/" + id + "/run-now", null).expect(200).json();
        assertThat(moved.get("state").asText()).isEqualTo("ready");
        fixture.tock.start();
        Eventually.await(Duration.ofSeconds(10), "the job to run", () -> http.get(NS + "/jobs/" + id).json().get("state").asText()
                .equals("succeeded"));
        http.post(NS + "/jobs/" + id + "/run-now", null).expectProblem(409, null);
        http.post(NS + "/jobs/01a00000-0000-7000-8000-000000000000/run-now", null).expectProblem(404, null);
    }

    @Test
    void jobsAreFoundByIdempotencyKey() {
        String id = http.post(NS + "/jobs", "{\"type\": \"works\", \"delay\": \"1h\", \"idempotencyKey\": \"order 42\"}").expect(201).text("id");
        http.post(NS + "/jobs", "{\"type\": \"works\", \"delay\": \"1h\", \"idempotencyKey\": \"order 43\"}").expect(201);

        JsonNode jobs = http.get(NS + "/jobs?idempotencyKey=order%2042").expect(200).json().get("jobs");
        assertThat(jobs.findValuesAsText("id")).containsExactly(id);
        assertThat(http.get(NS + "/jobs?idempotencyKey=none").json().get("jobs")).isEmpty();
        http.get(NS + "/jobs?idempotencyKey=").expectProblem(400, "idempotencyKey");
    }
}

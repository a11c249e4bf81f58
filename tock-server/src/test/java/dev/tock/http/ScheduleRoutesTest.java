package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ScheduleRoutesTest extends ApiTest {
    private static final String NIGHTLY = """
            {"schedule": "0 2 * * *", "timeZone": "Europe/Berlin", "overlap": "forbid",
             "jobTemplate": {"type": "cleanup", "payload": {"olderThanDays": 30}, "queue": "maintenance",
                             "retry": {"maxAttempts": 2}, "timeout": "10m", "labels": {"kind": "cleanup"}},
             "startingDeadlineSeconds": 600, "catchUpWindow": "2h", "maxCatchUpRuns": 2, "dstGap": "skip",
             "dstOverlap": "twice", "jitter": "30s", "successfulJobsHistoryLimit": 5, "failedJobsHistoryLimit": 2,
             "suspendAfterFailures": 3}""";

    @Test
    void putCreatesThenReplacesAndGetShowsEverySetting() {
        var created = http.put(NS + "/schedules/nightly", NIGHTLY).expect(201);
        assertThat(created.header("Location")).isEqualTo(NS + "/schedules/nightly");
        JsonNode s = http.get(NS + "/schedules/nightly").expect(200).json();
        assertThat(s.get("schedule").asText()).isEqualTo("0 2 * * *");
        assertThat(s.get("description").asText()).isNotBlank();
        assertThat(s.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(s.get("overlap").asText()).isEqualTo("forbid");
        assertThat(s.get("startingDeadlineSeconds").asLong()).isEqualTo(600);
        assertThat(s.get("catchUpWindow").asText()).isEqualTo("2h");
        assertThat(s.get("maxCatchUpRuns").asInt()).isEqualTo(2);
        assertThat(s.get("dstGap").asText()).isEqualTo("skip");
        assertThat(s.get("dstOverlap").asText()).isEqualTo("twice");
        assertThat(s.get("jitter").asText()).isEqualTo("30s");
        assertThat(s.get("successfulJobsHistoryLimit").asInt()).isEqualTo(5);
        assertThat(s.get("suspendAfterFailures").asInt()).isEqualTo(3);
        JsonNode t = s.get("jobTemplate");
        assertThat(t.get("type").asText()).isEqualTo("cleanup");
        assertThat(t.get("payload").get("olderThanDays").asInt()).isEqualTo(30);
        assertThat(t.get("queue").asText()).isEqualTo("maintenance");
        assertThat(t.get("timeout").asText()).isEqualTo("10m");

        assertThat(http.put(NS + "/schedules/buffered", "{\"schedule\": \"@hourly\", \"overlap\": \"BufferOne\", \"jobTemplate\": {\"type\": \"t\"}}")
                .expect(201).text("overlap")).isEqualTo("buffer_one");
        http.delete(NS + "/schedules/buffered").expect(204);
        JsonNode replaced = http.put(NS + "/schedules/nightly", "{\"schedule\": \"@hourly\", \"jobTemplate\": {\"type\": \"cleanup\"}}")
                .expect(200).json();
        assertThat(replaced.get("overlap").asText()).as("a put replaces every setting").isEqualTo("allow");
        assertThat(replaced.get("timeZone").asText()).isEqualTo("UTC");
        assertThat(http.get(NS + "/schedules").expect(200).json().get("schedules").findValuesAsText("name")).containsExactly("nightly");
    }

    @Test
    void previewGivesUtcAndLocalTimes() {
        http.put(NS + "/schedules/nightly", NIGHTLY).expect(201);
        JsonNode preview = http.get(NS + "/schedules/nightly/preview?count=3").expect(200).json();
        assertThat(preview.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(preview.get("times")).hasSize(3);
        for (JsonNode time : preview.get("times")) {
            Instant utc = Instant.parse(time.get("utc").asText());
            OffsetDateTime local = OffsetDateTime.parse(time.get("local").asText());
            assertThat(local.toInstant()).isEqualTo(utc);
            assertThat(utc.atZone(ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(2);
            assertThat(local.getHour()).isEqualTo(2);
        }
        assertThat(http.get(NS + "/schedules/nightly/preview").json().get("times")).hasSize(5);
        http.get(NS + "/schedules/nightly/preview?count=0").expectProblem(400, "count");
        http.get(NS + "/schedules/nightly/preview?count=101").expectProblem(400, "count");
    }

    @Test
    void triggerFiresAJobThatRunsShowsAndListsByScheduleFinds() {
        http.put(NS + "/schedules/nightly", NIGHTLY).expect(201);
        JsonNode run = http.post(NS + "/schedules/nightly/trigger", null).expect(200).json();
        assertThat(run.get("outcome").asText()).isEqualTo("fired");
        assertThat(run.get("manual").asBoolean()).isTrue();
        String job = run.get("job").asText();
        assertThat(http.get(NS + "/jobs/" + job).expect(200).text("type")).isEqualTo("cleanup");

        JsonNode skipped = http.post(NS + "/schedules/nightly/trigger", "{}").expect(200).json();
        assertThat(skipped.get("outcome").asText()).as("forbid: the first run is still pending").isEqualTo("skipped");
        JsonNode bypassed = http.post(NS + "/schedules/nightly/trigger", "{\"bypassOverlap\": true}").expect(200).json();
        assertThat(bypassed.get("outcome").asText()).isEqualTo("fired");

        JsonNode runs = http.get(NS + "/schedules/nightly/runs?limit=10").expect(200).json().get("runs");
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0).get("jobState").asText()).isEqualTo("ready");
        assertThat(http.get(NS + "/schedules/nightly/runs?limit=1").json().get("runs")).hasSize(1);
        assertThat(http.get(NS + "/jobs?schedule=nightly").expect(200).json().get("jobs")).hasSize(2);
        http.post(NS + "/schedules/nightly/trigger", "{\"bypassOverlap\": \"yes\"}").expectProblem(400, "bypassOverlap");
    }

    @Test
    void suspendResumeDelete() {
        http.put(NS + "/schedules/nightly", NIGHTLY).expect(201);
        assertThat(http.post(NS + "/schedules/nightly/suspend", null).expect(200).json().get("suspend").asBoolean()).isTrue();
        assertThat(http.get(NS + "/schedules/nightly").json().get("suspend").asBoolean()).isTrue();
        assertThat(http.post(NS + "/schedules/nightly/resume", null).expect(200).json().get("suspend").asBoolean()).isFalse();
        http.delete(NS + "/schedules/nightly").expect(204);
        http.get(NS + "/schedules/nightly").expectProblem(404, null);
        http.delete(NS + "/schedules/nightly").expectProblem(404, null);
        http.post(NS + "/schedules/nightly/trigger", null).expectProblem(404, null);
        http.get(NS + "/schedules/nightly/preview").expectProblem(404, null);
    }

    @Test
    void backfillRunsPastTimesOnce() {
        http.put(NS + "/schedules/hourly", "{\"schedule\": \"0 * * * *\", \"jobTemplate\": {\"type\": \"t\"}}").expect(201);
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant from = to.minus(3, ChronoUnit.HOURS);
        String body = "{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"overlap\": \"allow\"}";
        JsonNode runs = http.post(NS + "/schedules/hourly/backfill", body).expect(200).json().get("runs");
        assertThat(runs).hasSize(3);
        assertThat(runs.findValuesAsText("outcome")).containsOnly("fired");
        assertThat(http.post(NS + "/schedules/hourly/backfill", body).expect(200).json().get("runs")).isEmpty();

        http.post(NS + "/schedules/hourly/backfill", "{\"from\": \"" + from + "\"}").expectProblem(400, "to");
        http.post(NS + "/schedules/hourly/backfill", "{\"from\": \"" + to + "\", \"to\": \"" + from + "\"}").expectProblem(400, "backfill");
        http.post(NS + "/schedules/hourly/backfill", "{\"from\": \"then\", \"to\": \"" + to + "\"}").expectProblem(400, "from");
        http.post(NS + "/schedules/hourly/backfill", "{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"overlap\": \"sometimes\"}")
                .expectProblem(400, "overlap");
    }

    @Test
    void badSchedulesAreRefusedNamingTheField() {
        String t = "\"jobTemplate\": {\"type\": \"t\"}";
        http.put(NS + "/schedules/x", "{\"schedule\": \"61 * * * *\", " + t + "}").expectProblem(400, "schedule.minute");
        http.put(NS + "/schedules/x", "{\"schedule\": \"* * *\", " + t + "}").expectProblem(400, "schedule");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@every 0s\", " + t + "}").expectProblem(400, "schedule.every");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"timeZone\": \"Mars/Olympus\", " + t + "}").expectProblem(400, "timeZone");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\"}").expectProblem(400, "jobTemplate");
        http.put(NS + "/schedules/x", "{" + t + "}").expectProblem(400, "schedule");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"jobTemplate\": {}}").expectProblem(400, "jobTemplate.type");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\", \"delay\": \"1m\"}}")
                .expectProblem(400, "jobTemplate.delay");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\", \"retry\": {\"maxAttempts\": -1}}}")
                .expectProblem(400, "jobTemplate.retry.maxAttempts");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"overlap\": \"sometimes\", " + t + "}").expectProblem(400, "overlap");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"dstGap\": \"jump\", " + t + "}").expectProblem(400, "dstGap");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"jitter\": \"2h\", " + t + "}").expectProblem(400, "jitter");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"startingDeadlineSeconds\": 0, " + t + "}")
                .expectProblem(400, "startingDeadlineSeconds");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"maxCatchUpRuns\": 5000, " + t + "}").expectProblem(400, "maxCatchUpRuns");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"suspend\": \"no\", " + t + "}").expectProblem(400, "suspend");
        http.put(NS + "/schedules/x", "{\"schedule\": \"@daily\", \"concurrencyPolicy\": \"Forbid\", " + t + "}")
                .expectProblem(400, "concurrencyPolicy");
        http.put(NS + "/schedules/Bad_Name", "{\"schedule\": \"@daily\", " + t + "}").expectProblem(400, "name");
        http.put("/v1/namespaces/nope/schedules/x", "{\"schedule\": \"@daily\", " + t + "}").expectProblem(404, null);
        assertThat(http.get(NS + "/schedules").json().get("schedules")).isEmpty();
    }
}

package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.JobId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code activeDeadline}, the run-level deadline, on jobs and schedule templates over HTTP. */
class RunDeadlineRoutesTest extends ApiTest {

    @Test
    void aJobAndATemplateTakeAnActiveDeadlineAndShowIt() {
        var created = http.post(NS + "/jobs", """
                {"type": "db.migrate", "delay": "1h", "timeout": "1m", "activeDeadline": "300s", "retention": "86400s"}""").expect(201);
        assertThat(created.text("retention")).isEqualTo("1d");
        assertThat(created.text("activeDeadline")).isEqualTo("5m");
        assertThat(created.text("timeout")).isEqualTo("1m");
        assertThat(fixture.tock.jobs().get(JobId.parse(created.text("id"))).activeDeadline()).contains(Duration.ofMinutes(5));

        http.put(NS + "/schedules/cleanup", """
                {"schedule": "0 2 * * *", "jobTemplate": {"type": "cleanup", "activeDeadline": "10m"}}""").expect(201);
        assertThat(http.get(NS + "/schedules/cleanup").expect(200).json().get("jobTemplate").get("activeDeadline").asText())
                .isEqualTo("10m");
    }

    @Test
    void aBadActiveDeadlineIsA400NamingTheField() {
        http.post(NS + "/jobs", "{\"type\": \"t\", \"activeDeadline\": \"0s\"}").expectProblem(400, "activeDeadline");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"activeDeadline\": \"soon\"}").expectProblem(400, "activeDeadline");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"activeDeadline\": \"400d\"}").expectProblem(400, "activeDeadline");
        http.post(NS + "/jobs", "{\"type\": \"t\", \"retention\": \"-1s\"}").expectProblem(400, "retention");
        http.put(NS + "/schedules/bad", """
                {"schedule": "0 2 * * *", "jobTemplate": {"type": "cleanup", "activeDeadline": "-1s"}}""")
                .expectProblem(400, "jobTemplate.activeDeadline");
    }
}

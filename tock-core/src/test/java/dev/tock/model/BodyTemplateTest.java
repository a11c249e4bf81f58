package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyTemplateTest {
    private static final Job JOB = new Job(JobId.parse("01a205cc-0bed-7821-ae2b-9de092a9ec4f"), "default", "mail", "send",
            "{\"to\": \"ada\", \"n\": 3, \"tags\": [\"a\", \"b\"], \"quote\": \"say \\\"hi\\\"\"}", 0, JobState.RUNNING,
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(), 2,
            RetryPolicy.DEFAULT, Optional.empty(), Optional.empty(), Map.of(), Optional.of("n"), Optional.empty());

    @Test
    void fillsPayloadValuesAndJobFields() {
        assertThat(BodyTemplate.parse("{{payload}}").render(JOB)).isEqualTo(JOB.payload());
        assertThat(BodyTemplate.parse("to={{ payload.to }}&n={{payload.n}}&t={{payload.tags.1}}&none={{payload.x.y}}").render(JOB))
                .isEqualTo("to=ada&n=3&t=b&none=");
        assertThat(BodyTemplate.parse("{\"text\": {{payload.quote | json}}, \"missing\": {{payload.x | json}}}").render(JOB))
                .isEqualTo("{\"text\": \"say \\\"hi\\\"\", \"missing\": null}");
        assertThat(BodyTemplate.parse("{{job.id}} {{job.type}} {{job.queue}} {{job.namespace}} {{job.attempt}} {{job.runAt}}").render(JOB))
                .isEqualTo("01a205cc-0bed-7821-ae2b-9de092a9ec4f send mail default 2 2026-01-01T00:00:00Z");
        assertThat(BodyTemplate.parse("plain text, no placeholders").render(JOB)).isEqualTo("plain text, no placeholders");
    }

    @Test
    void theNominalTimeIsTheFireTimeOfAScheduledJobAndNothingForOthers() {
        Instant fire = Instant.parse("2025-12-31T23:00:00Z");
        Job scheduled = new Job(JOB.id(), JOB.namespace(), JOB.queue(), JOB.type(), JOB.payload(), JOB.priority(), JOB.state(),
                JOB.runAt(), JOB.createdAt(), JOB.finishedAt(), JOB.attempts(), JOB.retryPolicy(), JOB.timeout(),
                JOB.idempotencyKey(), JOB.labels(), JOB.leaseOwner(), JOB.lastError(), 0, Optional.empty(), Optional.of(fire));
        BodyTemplate template = BodyTemplate.parse("{{job.nominalTime}} {{job.nominalTime | json}} {{job.runAt}}");

        assertThat(template.render(scheduled)).isEqualTo("2025-12-31T23:00:00Z \"2025-12-31T23:00:00Z\" 2026-01-01T00:00:00Z");
        assertThat(template.render(JOB)).isEqualTo(" null 2026-01-01T00:00:00Z");
    }
}

package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.wire.ApiProblem;
import dev.tock.http.wire.Json;
import dev.tock.model.JobTemplate;
import dev.tock.schedule.DstGapRule;
import dev.tock.schedule.DstOverlapRule;
import dev.tock.schedule.MissedRunPolicy;
import dev.tock.schedule.RunHistory;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduledWorkflow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A schedule as put to {@code /v1/namespaces/{ns}/schedules/{name}}, with the field names of a
 * Kubernetes CronJob where they exist. Only {@code schedule} and one of {@code jobTemplate} or {@code workflow}
 * are required; a put replaces every setting, so fields left out take their defaults.
 *
 * @param schedule the cron spec: 5 fields, 6 with leading seconds, a macro such as {@code @daily}, or {@code @every 5m}
 * @param timeZone an IANA zone (default UTC)
 * @param overlap {@code allow} (default), {@code forbid}, {@code replace} or {@code buffer_one}
 * @param startingDeadlineSeconds a fire found later than this is recorded as missed
 * @param catchUpWindow late fires older than this are missed (default {@code 1h})
 * @param maxCatchUpRuns of the late fires inside the window, at most this many run (default 1)
 * @param dstGap {@code shift} (default) or {@code skip}
 * @param dstOverlap {@code once} (default) or {@code twice}
 * @param jitter each fire starts up to this much after its nominal time
 * @param suspend a suspended schedule does not fire
 * @param workflow instead of {@code jobTemplate}: the workflow (in the namespace) each fire starts a run of
 * @param inputs with {@code workflow}: the run's inputs, a JSON object
 */
public record ScheduleRequest(String schedule, String timeZone, TemplateBody jobTemplate, String overlap,
                              Integer startingDeadlineSeconds, String catchUpWindow, Integer maxCatchUpRuns, String dstGap,
                              String dstOverlap, String jitter, Boolean suspend, Integer successfulJobsHistoryLimit,
                              Integer failedJobsHistoryLimit, Integer suspendAfterFailures, String workflow, JsonNode inputs) {

    public Schedule toSchedule(String namespace, String name, Json json, int maxPayloadBytes) {
        if (schedule == null) {
            throw ApiProblem.invalidField("schedule", "schedule: is required (a cron spec such as \"0 2 * * *\")");
        }
        ZoneId zone = timeZone == null ? ZoneId.of("UTC") : Schedule.zone(timeZone);
        JobTemplate template = template(json, maxPayloadBytes);
        MissedRunPolicy missed = new MissedRunPolicy(
                Optional.ofNullable(startingDeadlineSeconds).map(s -> Duration.ofSeconds(s.longValue())),
                catchUpWindow == null ? MissedRunPolicy.DEFAULT_CATCH_UP_WINDOW : Fields.duration("catchUpWindow", catchUpWindow),
                maxCatchUpRuns == null ? MissedRunPolicy.DEFAULT.maxCatchUpRuns() : maxCatchUpRuns);
        RunHistory history = new RunHistory(
                successfulJobsHistoryLimit == null ? RunHistory.DEFAULT.successfulJobsHistoryLimit() : successfulJobsHistoryLimit,
                failedJobsHistoryLimit == null ? RunHistory.DEFAULT.failedJobsHistoryLimit() : failedJobsHistoryLimit,
                suspendAfterFailures == null ? OptionalInt.empty() : OptionalInt.of(suspendAfterFailures));
        return new Schedule(namespace, name, schedule, zone, template, Fields.overlap("overlap", overlap),
                missed, Fields.choice("dstGap", dstGap, DstGapRule.class), Fields.choice("dstOverlap", dstOverlap, DstOverlapRule.class),
                Fields.duration("jitter", jitter), Boolean.TRUE.equals(suspend), history);
    }

    /** What each fire enqueues: the job template, or the starter of a run of the workflow; exactly one of them. */
    private JobTemplate template(Json json, int maxPayloadBytes) {
        if (jobTemplate != null && workflow != null) {
            throw ApiProblem.invalidField("workflow", "workflow: give either jobTemplate (a job per fire) or workflow (a run per fire), not both");
        }
        if (workflow != null) {
            return new ScheduledWorkflow(workflow, inputs == null || inputs.isNull() ? null : inputs.toString()).template();
        }
        if (inputs != null) {
            throw ApiProblem.invalidField("inputs", "inputs: only with workflow (a job template's jobs read their payload)");
        }
        if (jobTemplate == null) {
            throw ApiProblem.invalidField("jobTemplate", "jobTemplate: is required (at least {\"type\": \"...\"}), or workflow: NAME");
        }
        return Fields.within("jobTemplate", () -> jobTemplate.toTemplate(json, maxPayloadBytes));
    }
}

package dev.tock.http.dto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.http.wire.Json;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduledWorkflow;
import dev.tock.schedule.StoredSchedule;
import java.time.Instant;
import java.util.Optional;

/**
 * A schedule as the API shows it: the fields of {@link ScheduleRequest}, plus where it stands.
 *
 * @param description the spec in words, e.g. "at 02:00 every day"
 * @param lastNominalTime the latest nominal time recorded for it, by any node
 * @param nextFireTime its next nominal time, absent while suspended or when it never fires again
 * @param workflow the workflow each fire starts a run of, instead of a {@code jobTemplate}
 * @param inputs with {@code workflow}: the run's inputs
 */
public record ScheduleView(String namespace, String name, String schedule, String description, String timeZone,
                           TemplateBody jobTemplate, String overlap, Long startingDeadlineSeconds, String catchUpWindow,
                           int maxCatchUpRuns, String dstGap, String dstOverlap, String jitter, boolean suspend,
                           int successfulJobsHistoryLimit, int failedJobsHistoryLimit, Integer suspendAfterFailures,
                           String createdAt, String lastNominalTime, String nextFireTime, String workflow, JsonNode inputs) {

    private static final ObjectMapper INPUTS = new ObjectMapper();

    /** The schedule without its next fire time. */
    public static ScheduleView of(StoredSchedule stored, Json json) {
        return of(stored, json, Optional.empty());
    }

    /**
     * @param next its next nominal time (see {@code NextFireTimes}); ignored while it is suspended
     */
    public static ScheduleView of(StoredSchedule stored, Json json, Optional<Instant> next) {
        Schedule s = stored.schedule();
        String nextFire = s.suspended() ? null : next.map(Fields::format).orElse(null);
        Optional<ScheduledWorkflow> workflow = s.workflow();
        return new ScheduleView(s.namespace(), s.name(), s.spec(), s.cron().describe(), s.timeZone().getId(),
                workflow.isPresent() ? null : TemplateBody.of(s.template(), json), s.overlap().wireName(),
                s.missedRuns().startingDeadline().map(d -> d.toSeconds()).orElse(null), Fields.format(s.missedRuns().catchUpWindow()),
                s.missedRuns().maxCatchUpRuns(), s.dstGap().wireName(), s.dstOverlap().wireName(), Fields.format(s.jitter()),
                s.suspended(), s.history().successfulJobsHistoryLimit(), s.history().failedJobsHistoryLimit(),
                s.history().suspendAfterFailures().isPresent() ? s.history().suspendAfterFailures().getAsInt() : null,
                Fields.format(stored.createdAt()), stored.lastNominal().map(Fields::format).orElse(null), nextFire,
                workflow.map(ScheduledWorkflow::name).orElse(null), workflow.map(w -> inputs(w.inputsJson())).orElse(null));
    }

    private static JsonNode inputs(String json) {
        try {
            return INPUTS.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored inputs are a JSON object", e);
        }
    }
}

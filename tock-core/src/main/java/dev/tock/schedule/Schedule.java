package dev.tock.schedule;

import dev.tock.model.InvalidJobException;
import dev.tock.model.JobTemplate;
import dev.tock.model.Names;
import java.time.Duration;
import java.time.ZoneId;

/**
 * A CronJob: fires {@code template} at every nominal time of {@code spec} in {@code timeZone}; each
 * nominal time is recorded once across the cluster and ends as a {@link FireOutcome}.
 *
 * @param spec cron (5 fields, or 6 with leading seconds), a macro such as {@code @daily}, or {@code @every 5m}
 * @param jitter each fire starts up to this much after its nominal time, the same delay for the same nominal time
 * @param dstGap what a fixed-time schedule does when its local time does not exist (spring forward)
 * @param dstOverlap what a fixed-time schedule does when its local time happens twice (fall back)
 * @param history how many finished runs are kept, and when repeated failures suspend the schedule
 */
public record Schedule(
        String namespace,
        String name,
        String spec,
        ZoneId timeZone,
        JobTemplate template,
        OverlapPolicy overlap,
        MissedRunPolicy missedRuns,
        DstGapRule dstGap,
        DstOverlapRule dstOverlap,
        Duration jitter,
        boolean suspended,
        RunHistory history) {

    public static final Duration MAX_JITTER = Duration.ofHours(1);

    public Schedule {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("name", name);
        CronSpec.parse(spec);
        if (timeZone == null) {
            throw new InvalidJobException("timeZone", "is required (an IANA zone such as Europe/Berlin, or UTC)");
        }
        if (template == null) {
            throw new InvalidJobException("jobTemplate", "is required");
        }
        overlap = overlap == null ? OverlapPolicy.ALLOW : overlap;
        missedRuns = missedRuns == null ? MissedRunPolicy.DEFAULT : missedRuns;
        dstGap = dstGap == null ? DstGapRule.SHIFT : dstGap;
        dstOverlap = dstOverlap == null ? DstOverlapRule.ONCE : dstOverlap;
        jitter = jitter == null ? Duration.ZERO : jitter;
        history = history == null ? RunHistory.DEFAULT : history;
        if (jitter.isNegative() || jitter.compareTo(MAX_JITTER) > 0) {
            throw new InvalidJobException("jitter", "must be between 0 and " + MAX_JITTER + ", was " + jitter);
        }
    }

    /** A schedule with every policy at its default: UTC, Allow, one coalesced catch-up run, shift/once, no jitter. */
    public static Schedule of(String namespace, String name, String spec, JobTemplate template) {
        return new Schedule(namespace, name, spec, ZoneId.of("UTC"), template, null, null, null, null, null, false, null);
    }

    /**
     * A schedule that starts a run of {@code workflow} (in {@code namespace}) with {@code inputsJson} (a JSON object,
     * null for none) at every nominal time, with every policy at its default.
     */
    public static Schedule ofWorkflow(String namespace, String name, String spec, String workflow, String inputsJson) {
        return of(namespace, name, spec, new ScheduledWorkflow(workflow, inputsJson).template());
    }

    /** The workflow this schedule starts, when its template is a plain workflow starter (see {@link ScheduledWorkflow}). */
    public java.util.Optional<ScheduledWorkflow> workflow() {
        return ScheduledWorkflow.of(template);
    }

    /** Parses an IANA zone name; the error names the field. */
    public static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            throw new InvalidJobException("timeZone", "unknown time zone \"" + id + "\" (use an IANA name such as Europe/London)");
        }
    }

    public CronSpec cron() {
        return CronSpec.parse(spec);
    }

    /** This schedule's nominal times: its spec in its zone under its DST rules; build once, ask often. */
    public FireTimes fireTimes() {
        return cron().fireTimes(timeZone, dstGap, dstOverlap);
    }

    public Schedule withSuspended(boolean value) {
        return new Schedule(namespace, name, spec, timeZone, template, overlap, missedRuns, dstGap, dstOverlap, jitter, value, history);
    }

    public Schedule withOverlap(OverlapPolicy value) {
        return new Schedule(namespace, name, spec, timeZone, template, value, missedRuns, dstGap, dstOverlap, jitter, suspended, history);
    }

    public Schedule withMissedRuns(MissedRunPolicy value) {
        return new Schedule(namespace, name, spec, timeZone, template, overlap, value, dstGap, dstOverlap, jitter, suspended, history);
    }

    public Schedule withTimeZone(ZoneId value) {
        return new Schedule(namespace, name, spec, value, template, overlap, missedRuns, dstGap, dstOverlap, jitter, suspended, history);
    }

    public Schedule withHistory(RunHistory value) {
        return new Schedule(namespace, name, spec, timeZone, template, overlap, missedRuns, dstGap, dstOverlap, jitter, suspended, value);
    }

    public Schedule withJitter(Duration value) {
        return new Schedule(namespace, name, spec, timeZone, template, overlap, missedRuns, dstGap, dstOverlap, value, suspended, history);
    }
}

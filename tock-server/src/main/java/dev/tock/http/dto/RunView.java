package dev.tock.http.dto;

import dev.tock.schedule.ScheduleFire;

/**
 * One nominal fire time of a schedule and how it ended.
 *
 * @param outcome {@code fired}, {@code skipped}, {@code missed} or {@code coalesced}
 * @param manual true for a trigger or backfill by hand
 * @param job the job enqueued for it, when it fired
 * @param jobState that job's state now
 */
public record RunView(String nominalTime, String outcome, boolean manual, String job, String jobState, String node,
                      String recordedAt) {

    public static RunView of(ScheduleFire f) {
        return new RunView(Fields.format(f.nominalTime()), f.outcome().wireName(), f.manual(),
                f.job().map(Object::toString).orElse(null), f.jobState().map(s -> s.wireName()).orElse(null), f.node(),
                Fields.format(f.recordedAt()));
    }
}

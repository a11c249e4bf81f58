package dev.tock.http.dto;

import dev.tock.model.RecentFailure;
import java.util.List;

/** The latest failed attempts of a namespace, newest first. */
public record FailureList(List<Failure> failures) {

    /**
     * One failed attempt and its job.
     *
     * @param job the job's id
     * @param jobState the job's state now: {@code failed} while a retry waits, {@code dead} when none is left
     * @param outcome {@code failed}, {@code timed_out} or {@code lease_expired}
     */
    public record Failure(String job, String queue, String type, String jobState, int attempt, String node,
                          String startedAt, String endedAt, String outcome, String error) {

        public static Failure of(RecentFailure f) {
            var a = f.attempt();
            return new Failure(a.jobId().toString(), f.queue(), f.type(), f.jobState().wireName(), a.number(), a.node(),
                    Fields.format(a.startedAt()), Fields.format(a.endedAt()), a.outcome().wireName(), a.error().orElse(null));
        }
    }
}

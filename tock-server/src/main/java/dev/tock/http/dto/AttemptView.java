package dev.tock.http.dto;

import dev.tock.model.Attempt;

/** One attempt at a job. */
public record AttemptView(int number, String node, String startedAt, String endedAt, String outcome, String error,
                          String output) {

    public static AttemptView of(Attempt a) {
        return new AttemptView(a.number(), a.node(), Fields.format(a.startedAt()), Fields.format(a.endedAt()),
                a.outcome().wireName(), a.error().orElse(null), a.output().orElse(null));
    }
}

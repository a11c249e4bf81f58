package dev.tock.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One thing an alert rule watches for. Each condition reads a {@link SubjectState} and says whether the
 * subject is bad (an incident, with what it is about), good again, or not yet known.
 */
public sealed interface Condition {
    /** Nominal times with no record this long after their grace count as missed (no scheduler was running). */
    Duration UNRECORDED_SLACK = Duration.ofMinutes(1);

    /** The wire name: {@code missed}, {@code failed}, … */
    String type();

    Verdict evaluate(SubjectState state, Instant now);

    ObjectNode toJson();

    /** Which subject kinds it can watch. */
    default List<SubjectKind> appliesTo() {
        return List.of(SubjectKind.SCHEDULE, SubjectKind.JOB, SubjectKind.MONITOR, SubjectKind.WORKFLOW);
    }

    private static ObjectNode json(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    /** A nominal time ended missed, coalesced or skipped (or passed unrecorded), at least {@code grace} ago. */
    record Missed(Duration grace) implements Condition {
        public String type() {
            return "missed";
        }

        public List<SubjectKind> appliesTo() {
            return List.of(SubjectKind.SCHEDULE, SubjectKind.MONITOR);
        }

        public Verdict evaluate(SubjectState state, Instant now) {
            Instant cutoff = now.minus(grace);
            Optional<SubjectState.Missing> unrecorded = state.unrecorded().filter(m -> !m.countsFrom().isAfter(cutoff));
            if (unrecorded.isPresent()) {
                Instant nominal = unrecorded.get().nominal();
                return Verdict.bad(nominal.toString(), state.subject().kind() == SubjectKind.MONITOR
                        ? "no ping came for " + nominal : "nominal time " + nominal + " was never fired");
            }
            for (RunRecord run : state.runs()) {
                if (!run.due().isAfter(cutoff)) {
                    return run.outcome() == RunOutcome.MISSED
                            ? Verdict.bad(run.key(), "nominal time " + run.key() + " was missed")
                            : Verdict.GOOD;
                }
            }
            return Verdict.KEEP;
        }

        public ObjectNode toJson() {
            return json(type()).put("grace", Durations.format(grace));
        }
    }

    /** The latest {@code after} finished runs all failed; resolved by {@code recoverAfter} successes in a row. */
    record Failed(int after, int recoverAfter) implements Condition {
        public String type() {
            return "failed";
        }

        public Verdict evaluate(SubjectState state, Instant now) {
            List<RunRecord> finished = state.runs().stream().filter(r -> r.outcome().finished()).toList();
            if (streak(finished, RunOutcome.FAILED) >= after) {
                int streak = streak(finished, RunOutcome.FAILED);
                return Verdict.bad(finished.get(streak - 1).key(), after == 1 ? "the latest run failed"
                        : "the latest " + streak + " runs failed");
            }
            return streak(finished, RunOutcome.SUCCEEDED) >= recoverAfter ? Verdict.GOOD : Verdict.KEEP;
        }

        private static int streak(List<RunRecord> runs, RunOutcome outcome) {
            int n = 0;
            while (n < runs.size() && runs.get(n).outcome() == outcome) {
                n++;
            }
            return n;
        }

        public ObjectNode toJson() {
            return json(type()).put("after", after).put("recoverAfter", recoverAfter);
        }
    }

    /** The latest run started more than {@code after} past its due time (or has not started that long after it). */
    record LateStart(Duration after) implements Condition {
        public String type() {
            return "lateStart";
        }

        /** Not workflows: a run starts when it is made (a schedule that starts one is watched for lateness itself). */
        @Override
        public List<SubjectKind> appliesTo() {
            return List.of(SubjectKind.SCHEDULE, SubjectKind.JOB, SubjectKind.MONITOR);
        }

        public Verdict evaluate(SubjectState state, Instant now) {
            for (RunRecord run : state.runs()) {
                if (run.outcome() == RunOutcome.MISSED || run.outcome() == RunOutcome.UNKNOWN) {
                    continue;
                }
                Instant started = run.startedAt().orElse(now);
                boolean late = Duration.between(run.due(), started).compareTo(after) > 0;
                if (late) {
                    return Verdict.bad(run.key(), "run " + run.key() + (run.startedAt().isPresent() ? " started " : " has not started ")
                            + Durations.format(Duration.between(run.due(), started).withNanos(0)) + " after it was due");
                }
                return run.startedAt().isPresent() ? Verdict.GOOD : Verdict.KEEP;
            }
            return Verdict.KEEP;
        }

        public ObjectNode toJson() {
            return json(type()).put("after", Durations.format(after));
        }
    }

    /** No run succeeded within {@code within}. */
    record StaleSuccess(Duration within) implements Condition {
        public String type() {
            return "staleSuccess";
        }

        public Verdict evaluate(SubjectState state, Instant now) {
            Instant since = state.lastSuccess().orElse(state.watchedSince());
            if (Duration.between(since, now).compareTo(within) > 0) {
                return Verdict.bad(state.lastSuccess().map(Instant::toString).orElse("never"),
                        "no success within " + Durations.format(within) + state.lastSuccess().map(t -> " (last at " + t + ")").orElse(""));
            }
            return Verdict.GOOD;
        }

        public ObjectNode toJson() {
            return json(type()).put("within", Durations.format(within));
        }
    }

    /** At least {@code failures} of the latest {@code runs} finished runs failed. */
    record Flapping(int failures, int runs) implements Condition {
        public String type() {
            return "flapping";
        }

        public Verdict evaluate(SubjectState state, Instant now) {
            List<RunRecord> finished = state.runs().stream().filter(r -> r.outcome().finished()).limit(runs).toList();
            long failed = finished.stream().filter(r -> r.outcome() == RunOutcome.FAILED).count();
            if (failed >= failures) {
                return Verdict.bad(finished.getFirst().key(), failed + " of the latest " + finished.size() + " runs failed");
            }
            return finished.size() >= Math.min(runs, failures) ? Verdict.GOOD : Verdict.KEEP;
        }

        public ObjectNode toJson() {
            return json(type()).put("failures", failures).put("runs", runs);
        }
    }

    /**
     * A run has been running longer than a fixed {@code limit}, or than {@code p95Factor} × the p95 duration of the
     * subject's recent finished runs (known once {@link #MIN_RUNS_FOR_P95} of them have times).
     */
    record Overrun(Optional<Duration> limit, Optional<Double> p95Factor) implements Condition {
        public static final int MIN_RUNS_FOR_P95 = 5;

        public String type() {
            return "overrun";
        }

        public Verdict evaluate(SubjectState state, Instant now) {
            Optional<Duration> threshold = limit.or(() -> p95(state.runs()).map(p -> Duration.ofMillis(Math.round(p.toMillis() * p95Factor.get()))));
            if (threshold.isEmpty()) {
                return Verdict.KEEP;
            }
            for (RunRecord run : state.runs()) {
                if (run.outcome() == RunOutcome.RUNNING && run.startedAt().isPresent()
                        && Duration.between(run.startedAt().get(), now).compareTo(threshold.get()) > 0) {
                    return Verdict.bad(run.key(), "run " + run.key() + " has been running longer than " + Durations.format(threshold.get())
                            + (limit.isEmpty() ? " (" + p95Factor.get() + " × the p95 of recent runs)" : ""));
                }
            }
            return Verdict.GOOD;
        }

        /** The nearest-rank p95 duration of the finished runs that have both times; empty below the minimum. */
        static Optional<Duration> p95(List<RunRecord> runs) {
            List<Duration> took = runs.stream().filter(r -> r.outcome().finished() && r.startedAt().isPresent() && r.finishedAt().isPresent())
                    .map(r -> Duration.between(r.startedAt().get(), r.finishedAt().get())).sorted().toList();
            if (took.size() < MIN_RUNS_FOR_P95) {
                return Optional.empty();
            }
            return Optional.of(took.get(Math.max(0, (int) Math.ceil(0.95 * took.size()) - 1)));
        }

        public ObjectNode toJson() {
            ObjectNode json = json(type());
            limit.ifPresent(d -> json.put("limit", Durations.format(d)));
            p95Factor.ifPresent(k -> json.put("p95Factor", k));
            return json;
        }
    }

    /** Ready jobs waited longer than {@code olderThan}, or more than {@code depth} of them are ready. */
    record QueueBacklog(Optional<Duration> olderThan, Optional<Integer> depth) implements Condition {
        public String type() {
            return "queueBacklog";
        }

        public List<SubjectKind> appliesTo() {
            return List.of(SubjectKind.QUEUE, SubjectKind.JOB, SubjectKind.SCHEDULE);
        }

        public Verdict evaluate(SubjectState state, Instant now) {
            Backlog b = state.backlog();
            if (olderThan.isPresent() && b.oldestDue().isPresent()
                    && Duration.between(b.oldestDue().get(), now).compareTo(olderThan.get()) > 0) {
                return Verdict.bad(b.oldestKey().orElse("oldest"), "a ready job has waited longer than " + Durations.format(olderThan.get()));
            }
            if (depth.isPresent() && b.ready() > depth.get()) {
                return Verdict.bad("depth-" + b.oldestKey().orElse(""), b.ready() + " jobs are ready, more than " + depth.get());
            }
            return Verdict.GOOD;
        }

        public ObjectNode toJson() {
            ObjectNode json = json(type());
            olderThan.ifPresent(d -> json.put("olderThan", Durations.format(d)));
            depth.ifPresent(d -> json.put("depth", d));
            return json;
        }
    }

    /** Due jobs waited {@code forDuration} and nothing of the subject started in that time: no worker takes them. */
    record NoWorker(Duration forDuration) implements Condition {
        public String type() {
            return "noWorker";
        }

        public List<SubjectKind> appliesTo() {
            return List.of(SubjectKind.QUEUE, SubjectKind.JOB, SubjectKind.SCHEDULE);
        }

        public Verdict evaluate(SubjectState state, Instant now) {
            Backlog b = state.backlog();
            Instant cutoff = now.minus(forDuration);
            boolean waiting = b.oldestDue().filter(due -> due.isBefore(cutoff)).isPresent();
            boolean started = b.lastStart().filter(t -> t.isAfter(cutoff)).isPresent();
            if (waiting && !started) {
                return Verdict.bad(b.oldestKey().orElse("oldest"), "due jobs have waited " + Durations.format(forDuration)
                        + " and none started: no live worker takes them");
            }
            return Verdict.GOOD;
        }

        public ObjectNode toJson() {
            return json(type()).put("for", Durations.format(forDuration));
        }
    }
}

package dev.tock.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each condition over a moving clock: bad with one stable occurrence while the incident lasts (so that the
 * store's keys alert it once), then good (resolved). Times are set by hand; nothing sleeps.
 */
class ConditionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Subject SCHEDULE = new Subject(SubjectKind.SCHEDULE, "default", "nightly", "report", Map.of());

    private static RunRecord run(int minute, RunOutcome outcome, Integer startedAfterSeconds, Integer tookSeconds) {
        Instant due = T0.plus(Duration.ofMinutes(minute));
        Optional<Instant> started = Optional.ofNullable(startedAfterSeconds).map(s -> due.plusSeconds(s));
        Optional<Instant> finished = started.flatMap(s -> Optional.ofNullable(tookSeconds).map(s::plusSeconds));
        return new RunRecord(due.toString(), due, outcome, started, finished);
    }

    private static SubjectState state(List<RunRecord> newestFirst) {
        return new SubjectState(SCHEDULE, newestFirst, Optional.empty(), T0, Optional.empty(), Backlog.NONE);
    }

    /** Runs, oldest first, turned newest first as the store gives them. */
    private static List<RunRecord> history(RunRecord... oldestFirst) {
        List<RunRecord> runs = new ArrayList<>(List.of(oldestFirst));
        java.util.Collections.reverse(runs);
        return runs;
    }

    private static Instant at(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    @Test
    void failedFiresAfterNInARowWithOneOccurrenceAndRecoversAfterM() {
        Condition failed = new Condition.Failed(3, 2);
        RunRecord f1 = run(1, RunOutcome.FAILED, 0, 1);
        RunRecord f2 = run(2, RunOutcome.FAILED, 0, 1);
        RunRecord f3 = run(3, RunOutcome.FAILED, 0, 1);
        RunRecord f4 = run(4, RunOutcome.FAILED, 0, 1);
        assertThat(failed.evaluate(state(history(f1, f2)), at(3))).isEqualTo(Verdict.KEEP);
        Verdict third = failed.evaluate(state(history(f1, f2, f3)), at(4));
        Verdict fourth = failed.evaluate(state(history(f1, f2, f3, f4)), at(5));
        assertThat(third).isInstanceOf(Verdict.Bad.class);
        assertThat(((Verdict.Bad) third).occurrence()).isEqualTo(f1.key());
        assertThat(((Verdict.Bad) fourth).occurrence()).isEqualTo(f1.key());
        RunRecord s5 = run(5, RunOutcome.SUCCEEDED, 0, 1);
        RunRecord s6 = run(6, RunOutcome.SUCCEEDED, 0, 1);
        assertThat(failed.evaluate(state(history(f1, f2, f3, f4, s5)), at(6))).isEqualTo(Verdict.KEEP);
        assertThat(failed.evaluate(state(history(f1, f2, f3, f4, s5, s6)), at(7))).isEqualTo(Verdict.GOOD);
    }

    @Test
    void runningAndPendingRunsDoNotBreakAFailureStreak() {
        Condition failed = new Condition.Failed(2, 1);
        List<RunRecord> runs = history(run(1, RunOutcome.FAILED, 0, 1), run(2, RunOutcome.FAILED, 0, 1), run(3, RunOutcome.RUNNING, 0, null));
        assertThat(failed.evaluate(state(runs), at(3))).isInstanceOf(Verdict.Bad.class);
    }

    @Test
    void missedWaitsForGraceThenFiresAndALaterFiredRunResolves() {
        Condition missed = new Condition.Missed(Duration.ofMinutes(5));
        RunRecord m1 = run(1, RunOutcome.MISSED, null, null);
        assertThat(missed.evaluate(state(history(m1)), at(3))).isEqualTo(Verdict.KEEP);
        Verdict bad = missed.evaluate(state(history(m1)), at(7));
        assertThat(bad).isEqualTo(Verdict.bad(m1.key(), "nominal time " + m1.key() + " was missed"));
        RunRecord ok = run(10, RunOutcome.SUCCEEDED, 1, 1);
        assertThat(missed.evaluate(state(history(m1, ok)), at(12))).isInstanceOf(Verdict.Bad.class);
        assertThat(missed.evaluate(state(history(m1, ok)), at(16))).isEqualTo(Verdict.GOOD);
    }

    @Test
    void aNominalTimeNoSchedulerRecordedCountsAsMissedAfterGraceAndSlack() {
        Condition missed = new Condition.Missed(Duration.ZERO);
        SubjectState nobodyFired = new SubjectState(SCHEDULE, List.of(), Optional.empty(), T0, Optional.of(new SubjectState.Missing(at(1), at(2))), Backlog.NONE);
        assertThat(missed.evaluate(nobodyFired, at(1).plusSeconds(30))).isEqualTo(Verdict.KEEP);
        assertThat(missed.evaluate(nobodyFired, at(2).plusSeconds(1))).isInstanceOf(Verdict.Bad.class);
    }

    @Test
    void lateStartFiresWhileNotStartedAndResolvesWhenARunStartsOnTime() {
        Condition late = new Condition.LateStart(Duration.ofSeconds(30));
        RunRecord waiting = run(1, RunOutcome.PENDING, null, null);
        assertThat(late.evaluate(state(history(waiting)), at(1).plusSeconds(10))).isEqualTo(Verdict.KEEP);
        Verdict bad = late.evaluate(state(history(waiting)), at(1).plusSeconds(40));
        assertThat(bad).isInstanceOf(Verdict.Bad.class);
        assertThat(((Verdict.Bad) bad).occurrence()).isEqualTo(waiting.key());
        RunRecord lateRun = run(1, RunOutcome.SUCCEEDED, 45, 1);
        assertThat(((Verdict.Bad) late.evaluate(state(history(lateRun)), at(2))).occurrence()).isEqualTo(waiting.key());
        assertThat(late.evaluate(state(history(lateRun, run(2, RunOutcome.SUCCEEDED, 2, 1))), at(3))).isEqualTo(Verdict.GOOD);
    }

    @Test
    void staleSuccessCountsFromTheLastSuccessOrFromCreation() {
        Condition stale = new Condition.StaleSuccess(Duration.ofHours(1));
        SubjectState never = new SubjectState(SCHEDULE, List.of(), Optional.empty(), T0, Optional.empty(), Backlog.NONE);
        assertThat(stale.evaluate(never, at(59))).isEqualTo(Verdict.GOOD);
        assertThat(stale.evaluate(never, at(61))).isEqualTo(Verdict.bad("never", "no success within 1h"));
        SubjectState succeeded = new SubjectState(SCHEDULE, List.of(), Optional.of(at(70)), T0, Optional.empty(), Backlog.NONE);
        assertThat(stale.evaluate(succeeded, at(71))).isEqualTo(Verdict.GOOD);
    }

    @Test
    void flappingFiresOnKFailuresAmongNRunsAndResolvesBelowK() {
        Condition flapping = new Condition.Flapping(2, 4);
        List<RunRecord> mixed = history(run(1, RunOutcome.FAILED, 0, 1), run(2, RunOutcome.SUCCEEDED, 0, 1),
                run(3, RunOutcome.FAILED, 0, 1), run(4, RunOutcome.SUCCEEDED, 0, 1));
        assertThat(flapping.evaluate(state(mixed), at(5))).isInstanceOf(Verdict.Bad.class);
        List<RunRecord> calm = history(run(3, RunOutcome.FAILED, 0, 1), run(4, RunOutcome.SUCCEEDED, 0, 1),
                run(5, RunOutcome.SUCCEEDED, 0, 1), run(6, RunOutcome.SUCCEEDED, 0, 1));
        assertThat(flapping.evaluate(state(calm), at(7))).isEqualTo(Verdict.GOOD);
    }

    @Test
    void overrunFiresForARunPastItsLimitAndResolvesWhenItEnds() {
        Condition overrun = new Condition.Overrun(Optional.of(Duration.ofMinutes(10)), Optional.empty());
        RunRecord running = run(1, RunOutcome.RUNNING, 0, null);
        assertThat(overrun.evaluate(state(history(running)), at(5))).isEqualTo(Verdict.GOOD);
        assertThat(overrun.evaluate(state(history(running)), at(12))).isInstanceOf(Verdict.Bad.class);
        assertThat(overrun.evaluate(state(history(run(1, RunOutcome.SUCCEEDED, 0, 700))), at(13))).isEqualTo(Verdict.GOOD);
    }

    @Test
    void overrunByAFactorOfTheP95FiresOnlyOnceEnoughRunsHaveTimes() {
        Condition overrun = new Condition.Overrun(Optional.empty(), Optional.of(2.0));
        List<RunRecord> history = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            history.add(run(i, RunOutcome.SUCCEEDED, 0, 60));
        }
        RunRecord running = run(10, RunOutcome.RUNNING, 0, null);
        List<RunRecord> fewRuns = new ArrayList<>(List.of(running));
        fewRuns.addAll(history);
        assertThat(overrun.evaluate(state(fewRuns), at(20))).isEqualTo(Verdict.KEEP);
        history.add(run(5, RunOutcome.FAILED, 0, 90));
        List<RunRecord> runs = new ArrayList<>(List.of(running));
        runs.addAll(history);
        // p95 of 60, 60, 60, 60, 90 s is 90 s; twice that is 3 minutes.
        assertThat(overrun.evaluate(state(runs), at(10).plusSeconds(170))).isEqualTo(Verdict.GOOD);
        Verdict late = overrun.evaluate(state(runs), at(10).plusSeconds(190));
        assertThat(late).isInstanceOf(Verdict.Bad.class);
        assertThat(((Verdict.Bad) late).summary()).contains("3m", "2.0 × the p95");
    }

    @Test
    void anOverrunTakesALimitOrAP95FactorNotBoth() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String base = "{\"subjects\": [{\"kind\": \"schedule\"}], \"conditions\": [";
        assertThat(AlertSpecs.rule("default", "r", json.readTree(base + "{\"type\": \"overrun\", \"p95Factor\": 2}]}"))
                .specJson().toString()).contains("\"p95Factor\":2.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertSpecs.rule("default", "r",
                json.readTree(base + "{\"type\": \"overrun\", \"p95Factor\": 2, \"limit\": \"1h\"}]}")))
                .hasMessageStartingWith("conditions[0].limit: ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertSpecs.rule("default", "r",
                json.readTree(base + "{\"type\": \"overrun\", \"p95Factor\": 0.5}]}")))
                .hasMessageStartingWith("conditions[0].p95Factor: ");
    }

    @Test
    void queueBacklogFiresOnAgeOrDepth() {
        Condition byAge = new Condition.QueueBacklog(Optional.of(Duration.ofMinutes(5)), Optional.empty());
        Condition byDepth = new Condition.QueueBacklog(Optional.empty(), Optional.of(100));
        Backlog old = new Backlog(3, Optional.of(at(0)), Optional.of("job-1"), Optional.empty());
        Backlog deep = new Backlog(101, Optional.of(at(9)), Optional.of("job-9"), Optional.empty());
        assertThat(byAge.evaluate(backlog(old), at(4))).isEqualTo(Verdict.GOOD);
        assertThat(byAge.evaluate(backlog(old), at(6))).isInstanceOf(Verdict.Bad.class);
        assertThat(byDepth.evaluate(backlog(deep), at(10))).isInstanceOf(Verdict.Bad.class);
        assertThat(byDepth.evaluate(backlog(Backlog.NONE), at(10))).isEqualTo(Verdict.GOOD);
    }

    @Test
    void noWorkerFiresWhenDueWorkWaitsAndNothingStarted() {
        Condition noWorker = new Condition.NoWorker(Duration.ofMinutes(2));
        Backlog stuck = new Backlog(1, Optional.of(at(0)), Optional.of("job-1"), Optional.of(at(-10)));
        Backlog moving = new Backlog(1, Optional.of(at(0)), Optional.of("job-1"), Optional.of(at(2)));
        assertThat(noWorker.evaluate(backlog(stuck), at(1))).isEqualTo(Verdict.GOOD);
        assertThat(noWorker.evaluate(backlog(stuck), at(3))).isInstanceOf(Verdict.Bad.class);
        assertThat(noWorker.evaluate(backlog(moving), at(3))).isEqualTo(Verdict.GOOD);
    }

    private static SubjectState backlog(Backlog b) {
        return new SubjectState(new Subject(SubjectKind.QUEUE, "default", "emails", "*", Map.of()), List.of(), Optional.empty(), T0,
                Optional.empty(), b);
    }

    @Test
    void aRecurringSilenceIsActiveInsideItsWindowOnly() {
        Silence nightly = new Silence("default", "maintenance", "*", "*", Optional.empty(), Optional.of("0 2 * * *"),
                Optional.of(Duration.ofHours(1)), Optional.of(java.time.ZoneId.of("Europe/Berlin")), "");
        Instant twoBerlin = Instant.parse("2026-01-10T01:00:00Z");
        assertThat(nightly.activeAt(twoBerlin.minusSeconds(1))).isFalse();
        assertThat(nightly.activeAt(twoBerlin)).isTrue();
        assertThat(nightly.activeAt(twoBerlin.plus(Duration.ofMinutes(59)))).isTrue();
        assertThat(nightly.activeAt(twoBerlin.plus(Duration.ofMinutes(61)))).isFalse();
        Silence until = new Silence("default", "once", "nightly-*", "schedule/*", Optional.of(twoBerlin), Optional.empty(),
                Optional.empty(), Optional.empty(), "");
        assertThat(until.activeAt(twoBerlin.minusSeconds(1))).isTrue();
        assertThat(until.activeAt(twoBerlin)).isFalse();
        assertThat(until.matches("nightly-report", "schedule/x")).isTrue();
        assertThat(until.matches("hourly", "schedule/x")).isFalse();
    }
}

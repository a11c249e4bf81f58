package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.RunHistory;
import dev.tock.schedule.ScheduleFire;
import dev.tock.store.FirePlan;
import dev.tock.store.jdbc.JobWriter.ScheduledJob;
import dev.tock.store.jdbc.ScheduleRuns.ActiveRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records schedule fires: each nominal time's record under its unique key and, for a time that runs,
 * its job, in one transaction. The fires of many schedules share one transaction and a fixed number of
 * statements, so a thousand per-second schedules cost a handful of round trips a second.
 *
 * <p>Every path locks the schedules' rows first, in key order. While a transaction holds a schedule's
 * lock no other can record fires of it, so the records it finds absent stay absent until it commits.
 */
final class FireRecorder {
    private static final Logger log = LoggerFactory.getLogger(FireRecorder.class);

    private final Transactions tx;
    private final String now;
    private final JobWriter jobs;

    FireRecorder(Transactions tx, Dialect dialect, JobWriter jobs) {
        this.tx = tx;
        this.now = dialect.now();
        this.jobs = jobs;
    }

    /** What recording needs of a schedule's row, read under its lock. */
    private record Locked(OverlapPolicy overlap, boolean suspended, RunHistory history) {
    }

    /** A fire record about to be inserted. */
    private record FireRow(FirePlan plan, Instant nominal, FireOutcome outcome, JobId job) {
    }

    /** A fire record's key. */
    private record FireKey(String namespace, String schedule, Instant nominal) {
    }

    List<ScheduleFire> record(List<FirePlan> plans) {
        if (plans.isEmpty()) {
            return List.of();
        }
        return tx.run("recording schedule fires", c -> {
            Map<ScheduleKey, Locked> locked = lock(c, plans);
            List<FirePlan> plain = new ArrayList<>();
            List<ScheduleFire> recorded = new ArrayList<>();
            for (FirePlan plan : plans) {
                Locked s = locked.get(key(plan));
                if (s == null || (s.suspended() && !plan.manual())) {
                    continue;
                }
                if (isPlain(plan, s)) {
                    plain.add(plan);
                } else {
                    recorded.addAll(recordOne(c, plan, s));
                }
            }
            recorded.addAll(recordPlain(c, plain));
            Map<ScheduleKey, RunHistory> histories = new HashMap<>();
            locked.forEach((key, s) -> histories.put(key, s.history()));
            ScheduleRuns.prune(c, histories);
            return recorded;
        });
    }

    private static ScheduleKey key(FirePlan plan) {
        return new ScheduleKey(plan.namespace(), plan.schedule());
    }

    /** A clock fire under {@code ALLOW} that needs no look at the schedule's runs: the batched path. */
    private static boolean isPlain(FirePlan plan, Locked s) {
        return !plan.manual() && !plan.refire() && plan.overlap().orElse(s.overlap()) == OverlapPolicy.ALLOW
                && s.history().suspendAfterFailures().isEmpty();
    }

    /** Locks the plans' schedules, in key order so that nodes locking overlapping sets wait for each other rather than deadlock. */
    private static Map<ScheduleKey, Locked> lock(Connection c, List<FirePlan> plans) throws SQLException {
        List<ScheduleKey> keys = new ArrayList<>(new TreeSet<>(plans.stream().map(FireRecorder::key).toList()));
        Map<ScheduleKey, Locked> locked = new HashMap<>();
        for (List<ScheduleKey> chunk : Sql.chunks(keys)) {
            Sql.list(c, "SELECT namespace, name, overlap_policy, suspended, successful_history, failed_history,"
                            + " suspend_after_failures FROM tock_schedules WHERE (namespace, name) IN (" + Sql.tuples(chunk.size(), 2)
                            + ") ORDER BY namespace, name FOR UPDATE",
                    rs -> Map.entry(new ScheduleKey(rs.getString("namespace"), rs.getString("name")),
                            new Locked(OverlapPolicy.fromWireName(rs.getString("overlap_policy")), rs.getBoolean("suspended"),
                                    ScheduleRepository.history(rs))),
                    ScheduleKey.parameters(chunk)).forEach(e -> locked.put(e.getKey(), e.getValue()));
        }
        return locked;
    }

    // ---- the batched path ------------------------------------------------------------------------

    private List<ScheduleFire> recordPlain(Connection c, List<FirePlan> plans) throws SQLException {
        if (plans.isEmpty()) {
            return List.of();
        }
        Set<FireKey> taken = existingFires(c, plans);
        long generatedAt = System.currentTimeMillis();
        List<FireRow> rows = new ArrayList<>();
        List<ScheduledJob> toInsert = new ArrayList<>();
        for (FirePlan plan : plans) {
            for (Instant t : plan.missed()) {
                claim(taken, plan, t, () -> rows.add(new FireRow(plan, t, FireOutcome.MISSED, null)));
            }
            for (Instant t : plan.coalesced()) {
                claim(taken, plan, t, () -> rows.add(new FireRow(plan, t, FireOutcome.COALESCED, null)));
            }
            for (FirePlan.PlannedFire fire : plan.fires()) {
                claim(taken, plan, fire.nominalTime(), () -> {
                    JobId id = JobId.generate(generatedAt);
                    toInsert.add(new ScheduledJob(id, fire.job(), plan.schedule(), fire.nominalTime()));
                    rows.add(new FireRow(plan, fire.nominalTime(), FireOutcome.FIRED, id));
                });
            }
        }
        jobs.insertScheduled(c, toInsert);
        ScheduleRuns.link(c, toInsert);
        Sql.batch(c, "INSERT INTO tock_schedule_fires (namespace, schedule, nominal_time, outcome, manual, node, job_id,"
                + " recorded_at) VALUES (?, ?, ?, ?, FALSE, ?, ?, " + now + ")", rows, row -> new Object[] {row.plan().namespace(),
                row.plan().schedule(), row.nominal(), row.outcome().wireName(), row.plan().node(), jobIdOrNull(row.job())});
        advanceLastNominal(c, plans);
        Map<JobId, NewJob> jobsById = new HashMap<>();
        toInsert.forEach(j -> jobsById.put(j.id(), j.job()));
        List<ScheduleFire> recorded = new ArrayList<>(rows.size());
        for (FireRow row : rows) {
            Optional<JobId> job = Optional.ofNullable(row.job());
            recorded.add(new ScheduleFire(row.plan().namespace(), row.plan().schedule(), row.nominal(), row.outcome(),
                    false, job, job.map(id -> stateAtInsert(jobsById.get(id))), row.plan().node(), Instant.now()));
        }
        return recorded;
    }

    private static void claim(Set<FireKey> taken, FirePlan plan, Instant nominal, Runnable onClaimed) {
        if (taken.add(new FireKey(plan.namespace(), plan.schedule(), nominal))) {
            onClaimed.run();
        }
    }

    private static JobState stateAtInsert(NewJob job) {
        return job.runAt().map(t -> t.isAfter(Instant.now())).orElse(false) ? JobState.SCHEDULED : JobState.READY;
    }

    private static Object jobIdOrNull(JobId job) {
        return Sql.orNull(job == null ? null : job.value(), Types.OTHER);
    }

    /** The plans' nominal times that already have a record. */
    private static Set<FireKey> existingFires(Connection c, List<FirePlan> plans) throws SQLException {
        List<FireKey> wanted = new ArrayList<>();
        for (FirePlan plan : plans) {
            plan.missed().forEach(t -> wanted.add(new FireKey(plan.namespace(), plan.schedule(), t)));
            plan.coalesced().forEach(t -> wanted.add(new FireKey(plan.namespace(), plan.schedule(), t)));
            plan.fires().forEach(f -> wanted.add(new FireKey(plan.namespace(), plan.schedule(), f.nominalTime())));
        }
        Set<FireKey> existing = new HashSet<>();
        for (List<FireKey> chunk : Sql.chunks(wanted)) {
            existing.addAll(Sql.list(c, "SELECT namespace, schedule, nominal_time FROM tock_schedule_fires"
                            + " WHERE (namespace, schedule, nominal_time) IN (" + Sql.tuples(chunk.size(), 3) + ")",
                    rs -> new FireKey(rs.getString(1), rs.getString(2), JobRows.instant(rs, "nominal_time")),
                    chunk.stream().flatMap(k -> Stream.of(k.namespace(), k.schedule(), k.nominal())).toArray()));
        }
        return existing;
    }

    /** Moves each schedule's latest recorded nominal time forward (never back), where firers resume from. */
    private static void advanceLastNominal(Connection c, List<FirePlan> plans) throws SQLException {
        List<FirePlan> byClock = plans.stream().filter(p -> !p.manual() && latest(p).isPresent()).toList();
        Sql.batch(c, "UPDATE tock_schedules SET last_nominal = ? WHERE namespace = ? AND name = ?"
                + " AND (last_nominal IS NULL OR last_nominal < ?)", byClock, plan -> {
                    Instant latest = latest(plan).orElseThrow();
                    return new Object[] {latest, plan.namespace(), plan.schedule(), latest};
                });
    }

    private static Optional<Instant> latest(FirePlan plan) {
        List<Instant> all = new ArrayList<>(plan.missed());
        all.addAll(plan.coalesced());
        plan.fires().forEach(f -> all.add(f.nominalTime()));
        return all.stream().max(Instant::compareTo);
    }

    // ---- one schedule at a time: overlap policies, suspension, backfill ----------------------------

    private List<ScheduleFire> recordOne(Connection c, FirePlan plan, Locked locked) throws SQLException {
        boolean suspend = !plan.manual() && ScheduleRuns.failingStreak(c, plan.namespace(), plan.schedule(), locked.history());
        List<ScheduleFire> recorded = new ArrayList<>();
        for (Instant t : plan.missed()) {
            insertFire(c, plan, t, FireOutcome.MISSED).ifPresent(recorded::add);
        }
        for (Instant t : plan.coalesced()) {
            insertFire(c, plan, t, FireOutcome.COALESCED).ifPresent(recorded::add);
        }
        OverlapPolicy overlap = plan.overlap().orElse(locked.overlap());
        for (FirePlan.PlannedFire fire : plan.fires()) {
            Optional<ScheduleFire> claimed = claimFire(c, plan, fire.nominalTime(), suspend ? FireOutcome.SKIPPED : FireOutcome.FIRED);
            if (claimed.isPresent()) {
                recorded.add(suspend ? claimed.get() : applyOverlap(c, plan, fire, overlap, claimed.get()));
            }
        }
        if (suspend) {
            suspend(c, plan);
        }
        advanceLastNominal(c, List.of(plan));
        return recorded;
    }

    /** Inserts the fire's record; for a backfill, also takes over a record of a time that never fired. */
    private Optional<ScheduleFire> claimFire(Connection c, FirePlan plan, Instant nominal, FireOutcome outcome) throws SQLException {
        Optional<ScheduleFire> inserted = insertFire(c, plan, nominal, outcome);
        if (inserted.isPresent() || !plan.refire()) {
            return inserted;
        }
        int taken = Sql.update(c, "UPDATE tock_schedule_fires SET outcome = ?, manual = TRUE, node = ?, recorded_at = " + now
                        + " WHERE namespace = ? AND schedule = ? AND nominal_time = ? AND outcome <> 'fired'",
                outcome.wireName(), plan.node(), plan.namespace(), plan.schedule(), nominal);
        return taken == 0 ? Optional.empty() : Optional.of(new ScheduleFire(plan.namespace(), plan.schedule(), nominal, outcome,
                true, Optional.empty(), Optional.empty(), plan.node(), Instant.now()));
    }

    private Optional<ScheduleFire> insertFire(Connection c, FirePlan plan, Instant nominal, FireOutcome outcome) throws SQLException {
        int inserted = Sql.update(c, "INSERT INTO tock_schedule_fires (namespace, schedule, nominal_time, outcome, manual, node,"
                        + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, " + now + ") ON CONFLICT DO NOTHING",
                plan.namespace(), plan.schedule(), nominal, outcome.wireName(), plan.manual(), plan.node());
        return inserted == 0 ? Optional.empty() : Optional.of(new ScheduleFire(plan.namespace(), plan.schedule(), nominal, outcome,
                plan.manual(), Optional.empty(), Optional.empty(), plan.node(), Instant.now()));
    }

    private ScheduleFire applyOverlap(Connection c, FirePlan plan, FirePlan.PlannedFire fire, OverlapPolicy policy,
                                      ScheduleFire recorded) throws SQLException {
        List<ActiveRun> active = policy == OverlapPolicy.ALLOW ? List.of() : ScheduleRuns.active(c, plan.namespace(), plan.schedule());
        boolean skip = switch (policy) {
            case FORBID -> !active.isEmpty();
            case BUFFER_ONE -> active.stream().anyMatch(ActiveRun::buffered);
            case ALLOW, REPLACE -> false;
        };
        if (skip) {
            setOutcome(c, plan, fire.nominalTime(), FireOutcome.SKIPPED, null);
            return withOutcome(recorded, FireOutcome.SKIPPED, Optional.empty(), null);
        }
        if (policy == OverlapPolicy.REPLACE) {
            for (ActiveRun run : active) {
                jobs.cancel(c, run.id());
            }
        }
        NewJob job = policy == OverlapPolicy.BUFFER_ONE && !active.isEmpty()
                ? fire.job().withRunAt(ScheduleRuns.BUFFERED_RUN_AT) : fire.job();
        JobId id = JobId.generate(System.currentTimeMillis());
        List<ScheduledJob> inserted = List.of(new ScheduledJob(id, job, plan.schedule(), fire.nominalTime()));
        jobs.insertScheduled(c, inserted);
        ScheduleRuns.link(c, inserted);
        setOutcome(c, plan, fire.nominalTime(), FireOutcome.FIRED, id);
        return withOutcome(recorded, FireOutcome.FIRED, Optional.of(id), stateAtInsert(job));
    }

    private static void setOutcome(Connection c, FirePlan plan, Instant nominal, FireOutcome outcome, JobId job) throws SQLException {
        Sql.update(c, "UPDATE tock_schedule_fires SET outcome = ?, job_id = ? WHERE namespace = ? AND schedule = ? AND nominal_time = ?",
                outcome.wireName(), jobIdOrNull(job), plan.namespace(), plan.schedule(), nominal);
    }

    private static ScheduleFire withOutcome(ScheduleFire f, FireOutcome outcome, Optional<JobId> job, JobState state) {
        return new ScheduleFire(f.namespace(), f.schedule(), f.nominalTime(), outcome, f.manual(), job,
                Optional.ofNullable(state), f.node(), f.recordedAt());
    }

    private void suspend(Connection c, FirePlan plan) throws SQLException {
        Sql.update(c, "UPDATE tock_schedules SET suspended = TRUE, updated_at = " + now + " WHERE namespace = ? AND name = ?",
                plan.namespace(), plan.schedule());
        log.atWarn().addKeyValue("schedule", plan.schedule()).addKeyValue("node", plan.node())
                .log("schedule {} suspended: its last runs all failed", plan.schedule());
    }
}

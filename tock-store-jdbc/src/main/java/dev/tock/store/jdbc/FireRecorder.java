package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.RunHistory;
import dev.tock.schedule.ScheduleFire;
import dev.tock.store.FirePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
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

    /** What recording needs from the job half of the store, inside the caller's transaction. */
    interface JobWriter {
        void insertAll(Connection c, List<ScheduledJob> jobs) throws SQLException;

        void cancel(Connection c, JobId id) throws SQLException;
    }

    /** A schedule's job to insert, with the fire it belongs to. */
    record ScheduledJob(JobId id, NewJob job, String schedule, Instant nominalTime) {
    }

    /**
     * Where a {@code BUFFER_ONE} schedule's waiting run is parked: a {@code scheduled} job due at this
     * time is held until the schedule's active run ends ({@link #releaseBuffered}).
     */
    static final Instant BUFFERED_RUN_AT = Instant.parse("9999-12-31T00:00:00Z");

    private static final Logger log = LoggerFactory.getLogger(FireRecorder.class);
    private static final String ACTIVE = "('scheduled', 'ready', 'failed', 'running')";
    private static final String FINISHED = "('succeeded', 'dead', 'cancelled')";
    /** Rows per IN list, well under every driver's parameter limit. */
    private static final int CHUNK = 500;

    private final Transactions tx;
    private final Transactions hotPath;
    private final String now;
    private final JobWriter jobs;

    FireRecorder(Transactions tx, Transactions hotPath, Dialect dialect, JobWriter jobs) {
        this.tx = tx;
        this.hotPath = hotPath;
        this.now = dialect.now();
        this.jobs = jobs;
    }

    /** A schedule's key. */
    private record Key(String namespace, String name) implements Comparable<Key> {
        static Key of(FirePlan plan) {
            return new Key(plan.namespace(), plan.schedule());
        }

        @Override
        public int compareTo(Key o) {
            int byNamespace = namespace.compareTo(o.namespace);
            return byNamespace != 0 ? byNamespace : name.compareTo(o.name);
        }
    }

    /** What recording needs of a schedule's row, read under its lock. */
    private record Locked(OverlapPolicy overlap, boolean suspended, RunHistory history) {
    }

    /** A fire record about to be inserted. */
    private record FireRow(FirePlan plan, Instant nominal, FireOutcome outcome, JobId job) {
    }

    List<ScheduleFire> record(List<FirePlan> plans) {
        if (plans.isEmpty()) {
            return List.of();
        }
        return tx.run("recording schedule fires", c -> {
            Map<Key, Locked> locked = lock(c, plans);
            List<FirePlan> plain = new ArrayList<>();
            List<ScheduleFire> recorded = new ArrayList<>();
            for (FirePlan plan : plans) {
                Locked s = locked.get(Key.of(plan));
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
            prune(c, plans, locked);
            return recorded;
        });
    }

    /** A clock fire under {@code ALLOW} that needs no look at the schedule's runs: the batched path. */
    private static boolean isPlain(FirePlan plan, Locked s) {
        return !plan.manual() && !plan.refire() && plan.overlap().orElse(s.overlap()) == OverlapPolicy.ALLOW
                && s.history().suspendAfterFailures().isEmpty();
    }

    // ---- locking ---------------------------------------------------------------------------------

    private Map<Key, Locked> lock(Connection c, List<FirePlan> plans) throws SQLException {
        // In key order, so that nodes locking overlapping sets wait for each other rather than deadlock.
        List<Key> keys = new ArrayList<>(new TreeSet<>(keysOf(plans)));
        Map<Key, Locked> locked = new HashMap<>();
        for (List<Key> chunk : chunks(keys)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, name, overlap_policy, suspended,"
                    + " successful_history, failed_history, suspend_after_failures FROM tock_schedules"
                    + " WHERE (namespace, name) IN (" + tuples(chunk.size(), 2) + ") ORDER BY namespace, name FOR UPDATE")) {
                int i = 1;
                for (Key k : chunk) {
                    ps.setString(i++, k.namespace());
                    ps.setString(i++, k.name());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        locked.put(new Key(rs.getString("namespace"), rs.getString("name")),
                                new Locked(OverlapPolicy.fromWireName(rs.getString("overlap_policy")),
                                        rs.getBoolean("suspended"), ScheduleRepository.history(rs)));
                    }
                }
            }
        }
        return locked;
    }

    private static Set<Key> keysOf(List<FirePlan> plans) {
        Set<Key> keys = new HashSet<>();
        plans.forEach(p -> keys.add(Key.of(p)));
        return keys;
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
        jobs.insertAll(c, toInsert);
        link(c, toInsert);
        insertFires(c, rows);
        advanceLastNominal(c, plans);
        List<ScheduleFire> recorded = new ArrayList<>(rows.size());
        Map<JobId, NewJob> jobsById = new HashMap<>();
        toInsert.forEach(j -> jobsById.put(j.id(), j.job()));
        for (FireRow row : rows) {
            Optional<JobId> job = Optional.ofNullable(row.job());
            recorded.add(new ScheduleFire(row.plan().namespace(), row.plan().schedule(), row.nominal(), row.outcome(),
                    false, job, job.map(id -> stateAtInsert(jobsById.get(id))), row.plan().node(), Instant.now()));
        }
        return recorded;
    }

    /** A fire record's key. */
    private record FireKey(String namespace, String schedule, Instant nominal) {
    }

    private static void claim(Set<FireKey> taken, FirePlan plan, Instant nominal, Runnable onClaimed) {
        if (taken.add(new FireKey(plan.namespace(), plan.schedule(), nominal))) {
            onClaimed.run();
        }
    }

    private static JobState stateAtInsert(NewJob job) {
        return job.runAt().map(t -> t.isAfter(Instant.now())).orElse(false) ? JobState.SCHEDULED : JobState.READY;
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
        for (List<FireKey> chunk : chunks(wanted)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, schedule, nominal_time FROM tock_schedule_fires"
                    + " WHERE (namespace, schedule, nominal_time) IN (" + tuples(chunk.size(), 3) + ")")) {
                int i = 1;
                for (FireKey k : chunk) {
                    ps.setString(i++, k.namespace());
                    ps.setString(i++, k.schedule());
                    JobRows.setInstant(ps, i++, k.nominal());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        existing.add(new FireKey(rs.getString(1), rs.getString(2), JobRows.instant(rs, "nominal_time")));
                    }
                }
            }
        }
        return existing;
    }

    private void insertFires(Connection c, List<FireRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tock_schedule_fires (namespace, schedule, nominal_time,"
                + " outcome, manual, node, job_id, recorded_at) VALUES (?, ?, ?, ?, FALSE, ?, ?, " + now + ")")) {
            for (FireRow row : rows) {
                ps.setString(1, row.plan().namespace());
                ps.setString(2, row.plan().schedule());
                JobRows.setInstant(ps, 3, row.nominal());
                ps.setString(4, row.outcome().wireName());
                ps.setString(5, row.plan().node());
                ps.setObject(6, row.job() == null ? null : row.job().value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void link(Connection c, List<ScheduledJob> inserted) throws SQLException {
        if (inserted.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tock_schedule_jobs (namespace, schedule, job_id) VALUES (?, ?, ?)")) {
            for (ScheduledJob j : inserted) {
                ps.setString(1, j.job().namespace());
                ps.setString(2, j.schedule());
                ps.setObject(3, j.id().value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Moves each schedule's latest recorded nominal time forward (never back), where firers resume from. */
    private static void advanceLastNominal(Connection c, List<FirePlan> plans) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tock_schedules SET last_nominal = ? WHERE namespace = ? AND name = ?"
                + " AND (last_nominal IS NULL OR last_nominal < ?)")) {
            boolean any = false;
            for (FirePlan plan : plans) {
                Optional<Instant> latest = latest(plan);
                if (plan.manual() || latest.isEmpty()) {
                    continue;
                }
                JobRows.setInstant(ps, 1, latest.get());
                ps.setString(2, plan.namespace());
                ps.setString(3, plan.schedule());
                JobRows.setInstant(ps, 4, latest.get());
                ps.addBatch();
                any = true;
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    private static Optional<Instant> latest(FirePlan plan) {
        List<Instant> all = new ArrayList<>(plan.missed());
        all.addAll(plan.coalesced());
        plan.fires().forEach(f -> all.add(f.nominalTime()));
        return all.stream().max(Instant::compareTo);
    }

    // ---- one schedule at a time: overlap policies, suspension, backfill ----------------------------

    private List<ScheduleFire> recordOne(Connection c, FirePlan plan, Locked locked) throws SQLException {
        boolean suspend = !plan.manual() && failingStreak(c, plan, locked.history());
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
        try (PreparedStatement ps = c.prepareStatement("UPDATE tock_schedule_fires SET outcome = ?, manual = TRUE, node = ?,"
                + " recorded_at = " + now + " WHERE namespace = ? AND schedule = ? AND nominal_time = ? AND outcome <> 'fired'")) {
            ps.setString(1, outcome.wireName());
            ps.setString(2, plan.node());
            ps.setString(3, plan.namespace());
            ps.setString(4, plan.schedule());
            JobRows.setInstant(ps, 5, nominal);
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new ScheduleFire(plan.namespace(), plan.schedule(), nominal, outcome, true, Optional.empty(),
                Optional.empty(), plan.node(), Instant.now()));
    }

    private Optional<ScheduleFire> insertFire(Connection c, FirePlan plan, Instant nominal, FireOutcome outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tock_schedule_fires (namespace, schedule, nominal_time, outcome,"
                + " manual, node, recorded_at) VALUES (?, ?, ?, ?, ?, ?, " + now + ") ON CONFLICT DO NOTHING")) {
            ps.setString(1, plan.namespace());
            ps.setString(2, plan.schedule());
            JobRows.setInstant(ps, 3, nominal);
            ps.setString(4, outcome.wireName());
            ps.setBoolean(5, plan.manual());
            ps.setString(6, plan.node());
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new ScheduleFire(plan.namespace(), plan.schedule(), nominal, outcome, plan.manual(), Optional.empty(),
                Optional.empty(), plan.node(), Instant.now()));
    }

    private ScheduleFire applyOverlap(Connection c, FirePlan plan, FirePlan.PlannedFire fire, OverlapPolicy policy,
                                      ScheduleFire recorded) throws SQLException {
        List<ActiveRun> active = policy == OverlapPolicy.ALLOW ? List.of() : activeRuns(c, plan);
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
        NewJob job = policy == OverlapPolicy.BUFFER_ONE && !active.isEmpty() ? fire.job().withRunAt(BUFFERED_RUN_AT) : fire.job();
        JobId id = JobId.generate(System.currentTimeMillis());
        List<ScheduledJob> inserted = List.of(new ScheduledJob(id, job, plan.schedule(), fire.nominalTime()));
        jobs.insertAll(c, inserted);
        link(c, inserted);
        setOutcome(c, plan, fire.nominalTime(), FireOutcome.FIRED, id);
        return withOutcome(recorded, FireOutcome.FIRED, Optional.of(id), stateAtInsert(job));
    }

    /** A run of a schedule that has not finished; {@code buffered} when it waits for another to end. */
    private record ActiveRun(JobId id, boolean buffered) {
    }

    private static List<ActiveRun> activeRuns(Connection c, FirePlan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT j.id, j.state, j.run_at FROM tock_schedule_jobs s"
                + " JOIN tock_jobs j ON j.id = s.job_id WHERE s.namespace = ? AND s.schedule = ? AND j.state IN " + ACTIVE
                + " ORDER BY j.id")) {
            ps.setString(1, plan.namespace());
            ps.setString(2, plan.schedule());
            List<ActiveRun> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean buffered = "scheduled".equals(rs.getString("state"))
                            && !JobRows.instant(rs, "run_at").isBefore(BUFFERED_RUN_AT);
                    runs.add(new ActiveRun(new JobId(rs.getObject("id", UUID.class)), buffered));
                }
            }
            return runs;
        }
    }

    private static void setOutcome(Connection c, FirePlan plan, Instant nominal, FireOutcome outcome, JobId job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tock_schedule_fires SET outcome = ?, job_id = ?"
                + " WHERE namespace = ? AND schedule = ? AND nominal_time = ?")) {
            ps.setString(1, outcome.wireName());
            ps.setObject(2, job == null ? null : job.value());
            ps.setString(3, plan.namespace());
            ps.setString(4, plan.schedule());
            JobRows.setInstant(ps, 5, nominal);
            ps.executeUpdate();
        }
    }

    private static ScheduleFire withOutcome(ScheduleFire f, FireOutcome outcome, Optional<JobId> job, JobState state) {
        return new ScheduleFire(f.namespace(), f.schedule(), f.nominalTime(), outcome, f.manual(), job,
                Optional.ofNullable(state), f.node(), f.recordedAt());
    }

    /** Whether the schedule's last N finished runs all failed, N being its suspend-after-failures setting. */
    private static boolean failingStreak(Connection c, FirePlan plan, RunHistory history) throws SQLException {
        if (history.suspendAfterFailures().isEmpty()) {
            return false;
        }
        int n = history.suspendAfterFailures().getAsInt();
        try (PreparedStatement ps = c.prepareStatement("SELECT j.state FROM tock_schedule_jobs s JOIN tock_jobs j ON j.id = s.job_id"
                + " WHERE s.namespace = ? AND s.schedule = ? AND j.state IN " + FINISHED + " ORDER BY j.finished_at DESC LIMIT ?")) {
            ps.setString(1, plan.namespace());
            ps.setString(2, plan.schedule());
            ps.setInt(3, n);
            int failed = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    failed += "dead".equals(rs.getString(1)) ? 1 : 0;
                }
            }
            return failed == n;
        }
    }

    private void suspend(Connection c, FirePlan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tock_schedules SET suspended = TRUE, updated_at = " + now
                + " WHERE namespace = ? AND name = ?")) {
            ps.setString(1, plan.namespace());
            ps.setString(2, plan.schedule());
            ps.executeUpdate();
        }
        log.atWarn().addKeyValue("schedule", plan.schedule()).addKeyValue("node", plan.node())
                .log("schedule {} suspended: its last runs all failed", plan.schedule());
    }

    // ---- history limits --------------------------------------------------------------------------

    /** Deletes the plans' schedules' finished runs beyond their history limits (attempts too); fire records stay. */
    private static void prune(Connection c, List<FirePlan> plans, Map<Key, Locked> locked) throws SQLException {
        List<Key> keys = new ArrayList<>(keysOf(plans));
        keys.removeIf(k -> !locked.containsKey(k));
        List<UUID> beyondLimit = new ArrayList<>();
        for (List<Key> chunk : chunks(keys)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.namespace, s.schedule, j.id, j.state FROM tock_schedule_jobs s"
                    + " JOIN tock_jobs j ON j.id = s.job_id WHERE (s.namespace, s.schedule) IN (" + tuples(chunk.size(), 2) + ")"
                    + " AND j.state IN " + FINISHED + " ORDER BY s.namespace, s.schedule, j.finished_at DESC, j.id DESC")) {
                int i = 1;
                for (Key k : chunk) {
                    ps.setString(i++, k.namespace());
                    ps.setString(i++, k.name());
                }
                Map<String, Integer> kept = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Key key = new Key(rs.getString(1), rs.getString(2));
                        // Dead and cancelled runs are kept apart, so that runs cancelled by a suspension
                        // never push the last real failure out of the history.
                        String state = rs.getString(4);
                        RunHistory history = locked.get(key).history();
                        int limit = "succeeded".equals(state) ? history.successfulJobsHistoryLimit() : history.failedJobsHistoryLimit();
                        if (kept.merge(key + "/" + state, 1, Integer::sum) > limit) {
                            beyondLimit.add(rs.getObject(3, UUID.class));
                        }
                    }
                }
            }
        }
        deleteRuns(c, beyondLimit);
    }

    private static void deleteRuns(Connection c, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        for (String delete : List.of("DELETE FROM tock_attempts WHERE job_id = ?", "DELETE FROM tock_jobs WHERE id = ?",
                "DELETE FROM tock_schedule_jobs WHERE job_id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(delete)) {
                for (UUID id : ids) {
                    ps.setObject(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    // ---- BUFFER_ONE ------------------------------------------------------------------------------

    /**
     * Starts the held run of every {@code BUFFER_ONE} schedule whose other runs have all ended.
     *
     * @return how many runs were started
     */
    int releaseBuffered() {
        // On the hot path, whose plans always use an index: a release lost in a crash happens at the next call.
        return hotPath.run("starting buffered schedule runs", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE tock_jobs SET state = 'ready', run_at = " + now
                    + " WHERE " + JobSql.PENDING + " AND state = 'scheduled' AND run_at >= ? AND schedule_name IS NOT NULL AND NOT EXISTS ("
                    + " SELECT 1 FROM tock_schedule_jobs s JOIN tock_jobs o ON o.id = s.job_id"
                    + " WHERE s.namespace = tock_jobs.namespace AND s.schedule = tock_jobs.schedule_name"
                    + " AND o.id <> tock_jobs.id AND o.state IN " + ACTIVE + ")")) {
                JobRows.setInstant(ps, 1, BUFFERED_RUN_AT);
                return ps.executeUpdate();
            }
        });
    }

    // ---- statements with IN lists ----------------------------------------------------------------

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }

    /** {@code (?, ?), (?, ?)} for {@code rows} tuples of {@code width} parameters. */
    private static String tuples(int rows, int width) {
        String one = "(" + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
        return String.join(", ", java.util.Collections.nCopies(rows, one));
    }

}

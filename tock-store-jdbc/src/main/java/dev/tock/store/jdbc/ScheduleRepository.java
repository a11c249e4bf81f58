package dev.tock.store.jdbc;

import dev.tock.model.FireOutcome;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.MissedRunPolicy;
import dev.tock.model.NewJob;
import dev.tock.model.OverlapPolicy;
import dev.tock.model.RunHistory;
import dev.tock.model.Schedule;
import dev.tock.model.ScheduleFire;
import dev.tock.schedule.DstGapRule;
import dev.tock.schedule.DstOverlapRule;
import dev.tock.store.FirePlan;
import dev.tock.store.StoredSchedule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** The schedule half of the JDBC store: definitions, fire records, and firing in one transaction. */
final class ScheduleRepository {

    /** What firing needs from the job half, inside the caller's transaction. */
    interface JobWriter {
        JobId insert(Connection c, NewJob job, String schedule, Instant nominalTime) throws SQLException;

        void cancel(Connection c, JobId id) throws SQLException;
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ScheduleRepository.class);
    private static final String ACTIVE = "('scheduled', 'ready', 'failed', 'running')";
    private static final String FINISHED = "('succeeded', 'dead', 'cancelled')";

    private final Transactions tx;
    private final String now;
    private final JobWriter jobs;

    ScheduleRepository(Transactions tx, Dialect dialect, JobWriter jobs) {
        this.tx = tx;
        this.now = dialect.now();
        this.jobs = jobs;
    }

    void save(Schedule s) {
        tx.run("saving schedule", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE tock_schedules SET spec = ?, time_zone = ?, template = ?,"
                    + " overlap_policy = ?, starting_deadline_ms = ?, catch_up_window_ms = ?, max_catch_up_runs = ?, dst_gap = ?,"
                    + " dst_overlap = ?, jitter_ms = ?, suspended = ?, successful_history = ?, failed_history = ?,"
                    + " suspend_after_failures = ?,"
                    + " fires_from = CASE WHEN suspended AND NOT ? THEN " + now + " ELSE fires_from END,"
                    + " updated_at = " + now + " WHERE namespace = ? AND name = ?")) {
                int i = bindDefinition(update, s);
                update.setBoolean(i++, s.suspended());
                update.setString(i++, s.namespace());
                update.setString(i, s.name());
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tock_schedules (spec, time_zone, template,"
                    + " overlap_policy, starting_deadline_ms, catch_up_window_ms, max_catch_up_runs, dst_gap, dst_overlap,"
                    + " jitter_ms, suspended, successful_history, failed_history, suspend_after_failures, namespace, name,"
                    + " fires_from, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + now + ", " + now + ", " + now + ")")) {
                int i = bindDefinition(insert, s);
                insert.setString(i++, s.namespace());
                insert.setString(i, s.name());
                insert.executeUpdate();
            }
            return null;
        });
    }

    private static int bindDefinition(PreparedStatement ps, Schedule s) throws SQLException {
        int i = 1;
        ps.setString(i++, s.spec());
        ps.setString(i++, s.timeZone().getId());
        ps.setString(i++, TemplateJson.write(s.template()));
        ps.setString(i++, s.overlap().wireName());
        if (s.missedRuns().startingDeadline().isPresent()) {
            ps.setLong(i++, s.missedRuns().startingDeadline().get().toMillis());
        } else {
            ps.setNull(i++, Types.BIGINT);
        }
        ps.setLong(i++, s.missedRuns().catchUpWindow().toMillis());
        ps.setInt(i++, s.missedRuns().maxCatchUpRuns());
        ps.setString(i++, s.dstGap().wireName());
        ps.setString(i++, s.dstOverlap().wireName());
        ps.setLong(i++, s.jitter().toMillis());
        ps.setBoolean(i++, s.suspended());
        ps.setInt(i++, s.history().successfulJobsHistoryLimit());
        ps.setInt(i++, s.history().failedJobsHistoryLimit());
        if (s.history().suspendAfterFailures().isPresent()) {
            ps.setInt(i++, s.history().suspendAfterFailures().getAsInt());
        } else {
            ps.setNull(i++, Types.INTEGER);
        }
        return i;
    }

    Optional<StoredSchedule> find(String namespace, String name) {
        List<StoredSchedule> found = select("WHERE namespace = ? AND name = ?", namespace, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<StoredSchedule> list(String namespace) {
        return select("WHERE namespace = ? ORDER BY name", namespace);
    }

    List<StoredSchedule> active() {
        return select("WHERE NOT suspended ORDER BY namespace, name");
    }

    private List<StoredSchedule> select(String where, String... parameters) {
        return tx.run("reading schedules", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_schedules " + where)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                List<StoredSchedule> schedules = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        schedules.add(stored(rs));
                    }
                }
                return schedules;
            }
        });
    }

    private static StoredSchedule stored(ResultSet rs) throws SQLException {
        long deadline = rs.getLong("starting_deadline_ms");
        Optional<Duration> startingDeadline = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(deadline));
        Schedule schedule = new Schedule(rs.getString("namespace"), rs.getString("name"), rs.getString("spec"),
                ZoneId.of(rs.getString("time_zone")), TemplateJson.read(rs.getString("template")),
                OverlapPolicy.fromWireName(rs.getString("overlap_policy")),
                new MissedRunPolicy(startingDeadline, Duration.ofMillis(rs.getLong("catch_up_window_ms")), rs.getInt("max_catch_up_runs")),
                DstGapRule.fromWireName(rs.getString("dst_gap")), DstOverlapRule.fromWireName(rs.getString("dst_overlap")),
                Duration.ofMillis(rs.getLong("jitter_ms")), rs.getBoolean("suspended"), history(rs));
        return new StoredSchedule(schedule, JobRows.instant(rs, "created_at"), JobRows.instant(rs, "fires_from"),
                Optional.ofNullable(JobRows.instant(rs, "last_nominal")));
    }

    private static RunHistory history(ResultSet rs) throws SQLException {
        int suspendAfter = rs.getInt("suspend_after_failures");
        OptionalInt streak = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(suspendAfter);
        return new RunHistory(rs.getInt("successful_history"), rs.getInt("failed_history"), streak);
    }

    boolean delete(String namespace, String name) {
        return tx.run("deleting schedule", c -> {
            try (PreparedStatement links = c.prepareStatement("DELETE FROM tock_schedule_jobs WHERE namespace = ? AND schedule = ?");
                 PreparedStatement fires = c.prepareStatement("DELETE FROM tock_schedule_fires WHERE namespace = ? AND schedule = ?");
                 PreparedStatement schedule = c.prepareStatement("DELETE FROM tock_schedules WHERE namespace = ? AND name = ?")) {
                links.setString(1, namespace);
                links.setString(2, name);
                links.executeUpdate();
                fires.setString(1, namespace);
                fires.setString(2, name);
                fires.executeUpdate();
                schedule.setString(1, namespace);
                schedule.setString(2, name);
                return schedule.executeUpdate() == 1;
            }
        });
    }

    List<ScheduleFire> record(FirePlan plan) {
        return tx.run("recording schedule fires", c -> {
            Optional<Locked> locked = lockSchedule(c, plan);
            if (locked.isEmpty()) {
                return List.of();
            }
            boolean suspend = !plan.manual() && failingStreak(c, plan, locked.get().history());
            List<ScheduleFire> recorded = new ArrayList<>();
            for (Instant t : plan.missed()) {
                insertFire(c, plan, t, FireOutcome.MISSED).ifPresent(recorded::add);
            }
            for (Instant t : plan.coalesced()) {
                insertFire(c, plan, t, FireOutcome.COALESCED).ifPresent(recorded::add);
            }
            OverlapPolicy overlap = plan.overlap().orElse(locked.get().overlap());
            for (FirePlan.PlannedFire fire : plan.fires()) {
                claimFire(c, plan, fire.nominalTime(), suspend ? FireOutcome.SKIPPED : FireOutcome.FIRED)
                        .map(f -> suspend ? f : applyOverlap(c, plan, fire, overlap, f))
                        .ifPresent(recorded::add);
            }
            if (suspend) {
                suspend(c, plan);
            }
            advanceLastNominal(c, plan);
            pruneHistory(c, plan, locked.get().history());
            return recorded;
        });
    }

    /** What firing needs of the schedule's row, read under its lock. */
    private record Locked(OverlapPolicy overlap, RunHistory history) {
    }

    /** Locks the schedule's row so fires of one schedule are decided one at a time across nodes; empty when it is gone or suspended. */
    private Optional<Locked> lockSchedule(Connection c, FirePlan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM tock_schedules WHERE namespace = ? AND name = ? FOR UPDATE")) {
            ps.setString(1, plan.namespace());
            ps.setString(2, plan.schedule());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || (rs.getBoolean("suspended") && !plan.manual())) {
                    return Optional.empty();
                }
                return Optional.of(new Locked(OverlapPolicy.fromWireName(rs.getString("overlap_policy")), history(rs)));
            }
        }
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

    /** Deletes finished runs beyond the history limits (their attempts too); fire records stay. */
    private static void pruneHistory(Connection c, FirePlan plan, RunHistory history) throws SQLException {
        prune(c, plan, "('succeeded')", history.successfulJobsHistoryLimit());
        prune(c, plan, "('dead', 'cancelled')", history.failedJobsHistoryLimit());
    }

    private static void prune(Connection c, FirePlan plan, String states, int keep) throws SQLException {
        List<UUID> beyondLimit = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT j.id FROM tock_schedule_jobs s JOIN tock_jobs j ON j.id = s.job_id"
                + " WHERE s.namespace = ? AND s.schedule = ? AND j.state IN " + states
                + " ORDER BY j.finished_at DESC, j.id DESC OFFSET ? ROWS")) {
            ps.setString(1, plan.namespace());
            ps.setString(2, plan.schedule());
            ps.setInt(3, keep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    beyondLimit.add(rs.getObject(1, UUID.class));
                }
            }
        }
        if (beyondLimit.isEmpty()) {
            return;
        }
        for (String delete : List.of("DELETE FROM tock_attempts WHERE job_id = ?", "DELETE FROM tock_jobs WHERE id = ?",
                "DELETE FROM tock_schedule_jobs WHERE job_id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(delete)) {
                for (UUID id : beyondLimit) {
                    ps.setObject(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
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
                                      ScheduleFire recorded) {
        try {
            List<JobId> active = policy == OverlapPolicy.ALLOW ? List.of() : activeJobs(c, plan);
            if (policy == OverlapPolicy.FORBID && !active.isEmpty()) {
                setOutcome(c, plan, fire.nominalTime(), FireOutcome.SKIPPED, null);
                return withOutcome(recorded, FireOutcome.SKIPPED, Optional.empty());
            }
            for (JobId id : active) {
                jobs.cancel(c, id);
            }
            JobId job = jobs.insert(c, fire.job(), plan.schedule(), fire.nominalTime());
            link(c, plan, job);
            setOutcome(c, plan, fire.nominalTime(), FireOutcome.FIRED, job);
            return withOutcome(recorded, FireOutcome.FIRED, Optional.of(job));
        } catch (SQLException e) {
            throw new dev.tock.store.StoreException("firing schedule " + plan.schedule() + " failed: " + e.getMessage(), e);
        }
    }

    private static void link(Connection c, FirePlan plan, JobId job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tock_schedule_jobs (namespace, schedule, job_id) VALUES (?, ?, ?)")) {
            ps.setString(1, plan.namespace());
            ps.setString(2, plan.schedule());
            ps.setObject(3, job.value());
            ps.executeUpdate();
        }
    }

    private static ScheduleFire withOutcome(ScheduleFire f, FireOutcome outcome, Optional<JobId> job) {
        return new ScheduleFire(f.namespace(), f.schedule(), f.nominalTime(), outcome, f.manual(), job,
                job.map(j -> JobState.READY), f.node(), f.recordedAt());
    }

    private static List<JobId> activeJobs(Connection c, FirePlan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT j.id FROM tock_schedule_jobs s JOIN tock_jobs j ON j.id = s.job_id"
                + " WHERE s.namespace = ? AND s.schedule = ? AND j.state IN " + ACTIVE + " ORDER BY j.id")) {
            ps.setString(1, plan.namespace());
            ps.setString(2, plan.schedule());
            List<JobId> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(new JobId(rs.getObject(1, UUID.class)));
                }
            }
            return ids;
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

    private static void advanceLastNominal(Connection c, FirePlan plan) throws SQLException {
        if (plan.manual()) {
            return;
        }
        Instant latest = null;
        for (Instant t : plan.missed()) latest = max(latest, t);
        for (Instant t : plan.coalesced()) latest = max(latest, t);
        for (FirePlan.PlannedFire f : plan.fires()) latest = max(latest, f.nominalTime());
        if (latest == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE tock_schedules SET last_nominal = ? WHERE namespace = ? AND name = ?"
                + " AND (last_nominal IS NULL OR last_nominal < ?)")) {
            JobRows.setInstant(ps, 1, latest);
            ps.setString(2, plan.namespace());
            ps.setString(3, plan.schedule());
            JobRows.setInstant(ps, 4, latest);
            ps.executeUpdate();
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    List<ScheduleFire> fires(String namespace, String schedule, int limit) {
        return tx.run("listing schedule fires", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT f.*, j.state AS job_state FROM tock_schedule_fires f"
                    + " LEFT JOIN tock_jobs j ON j.id = f.job_id WHERE f.namespace = ? AND f.schedule = ?"
                    + " ORDER BY f.nominal_time DESC LIMIT ?")) {
                ps.setString(1, namespace);
                ps.setString(2, schedule);
                ps.setInt(3, limit);
                List<ScheduleFire> fires = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID job = rs.getObject("job_id", UUID.class);
                        String state = rs.getString("job_state");
                        fires.add(new ScheduleFire(rs.getString("namespace"), rs.getString("schedule"), JobRows.instant(rs, "nominal_time"),
                                FireOutcome.fromWireName(rs.getString("outcome")), rs.getBoolean("manual"),
                                Optional.ofNullable(job).map(JobId::new), Optional.ofNullable(state).map(JobState::fromWireName),
                                rs.getString("node"), JobRows.instant(rs, "recorded_at")));
                    }
                }
                return fires;
            }
        });
    }
}

package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.schedule.DstGapRule;
import dev.tock.schedule.DstOverlapRule;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.MissedRunPolicy;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.RunHistory;
import dev.tock.schedule.RunSummary;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.StoredSchedule;
import dev.tock.store.FirePlan;
import dev.tock.store.ScheduleStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The schedules' definitions and the listing of their fire records. Recording fires is
 * {@link FireRecorder}'s and starting held runs {@link ScheduleRuns}'; this announces to the
 * dispatchers when they made jobs due.
 */
final class ScheduleRepository implements ScheduleStore {
    private static final String DEFINITION_COLUMNS = "spec, time_zone, template, overlap_policy, starting_deadline_ms, catch_up_window_ms,"
            + " max_catch_up_runs, dst_gap, dst_overlap, jitter_ms, suspended, successful_history, failed_history,"
            + " suspend_after_failures";
    private static final String SELECT = "SELECT * FROM tock_schedules ";

    private final Transactions tx;
    private final JobWriter jobs;
    private final NamespaceRepository namespaces;
    private final FireRecorder fires;
    private final ScheduleRuns runs;
    private final Wakeups wakeups;
    private final String insert;
    private final String update;
    private final String shownState;
    private final String runSummary;

    ScheduleRepository(Transactions tx, Dialect dialect, JobWriter jobs, NamespaceRepository namespaces, FireRecorder fires,
                       ScheduleRuns runs, Wakeups wakeups) {
        this.tx = tx;
        this.jobs = jobs;
        this.namespaces = namespaces;
        this.fires = fires;
        this.runs = runs;
        this.wakeups = wakeups;
        String now = dialect.now();
        this.shownState = JobSql.shownState(dialect);
        this.runSummary = ScheduleRuns.summary(dialect);
        this.insert = "INSERT INTO tock_schedules (" + DEFINITION_COLUMNS + ", namespace, name, fires_from, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + now + ", " + now + ", " + now + ")"
                + " ON CONFLICT DO NOTHING";
        // Resuming a suspended schedule moves fires_from to now: the suspended times are not fired later.
        this.update = "UPDATE tock_schedules SET spec = ?, time_zone = ?, template = ?, overlap_policy = ?,"
                + " starting_deadline_ms = ?, catch_up_window_ms = ?, max_catch_up_runs = ?, dst_gap = ?, dst_overlap = ?,"
                + " jitter_ms = ?, suspended = ?, successful_history = ?, failed_history = ?, suspend_after_failures = ?,"
                + " fires_from = CASE WHEN suspended AND NOT ? THEN " + now + " ELSE fires_from END,"
                + " updated_at = " + now + " WHERE namespace = ? AND name = ?";
    }

    @Override
    public boolean save(Schedule s) {
        namespaces.require(s.namespace());
        Object[] definition = definition(s);
        Object[] inserted = concat(definition, s.namespace(), s.name());
        Object[] updated = concat(definition, s.suspended(), s.namespace(), s.name());
        return tx.run("saving schedule", c -> {
            boolean created = Sql.insertOrUpdate(c, insert, inserted, update, updated);
            if (!created && s.suspended()) {
                cancelNotYetDue(c, s.namespace(), s.name());
            }
            return created;
        });
    }

    private static Object[] definition(Schedule s) {
        return new Object[] {s.spec(), s.timeZone().getId(), TemplateJson.write(s.template()), s.overlap().wireName(),
                Sql.orNull(s.missedRuns().startingDeadline().map(Duration::toMillis).orElse(null), Types.BIGINT),
                s.missedRuns().catchUpWindow().toMillis(), s.missedRuns().maxCatchUpRuns(), s.dstGap().wireName(),
                s.dstOverlap().wireName(), s.jitter().toMillis(), s.suspended(), s.history().successfulJobsHistoryLimit(),
                s.history().failedJobsHistoryLimit(), s.history().suspendAfterFailures().isPresent()
                        ? s.history().suspendAfterFailures().getAsInt() : new Sql.Null(Types.INTEGER)};
    }

    private static Object[] concat(Object[] first, Object... then) {
        Object[] all = Arrays.copyOf(first, first.length + then.length);
        System.arraycopy(then, 0, all, first.length, then.length);
        return all;
    }

    @Override
    public Optional<StoredSchedule> find(String namespace, String name) {
        return tx.one("reading schedule", SELECT + "WHERE namespace = ? AND name = ?", ScheduleRepository::stored, namespace, name);
    }

    @Override
    public List<StoredSchedule> list(String namespace) {
        return tx.list("reading schedules", SELECT + "WHERE namespace = ? ORDER BY name", ScheduleRepository::stored, namespace);
    }

    @Override
    public List<StoredSchedule> active() {
        return tx.list("reading schedules", SELECT + "WHERE NOT suspended ORDER BY namespace, name", ScheduleRepository::stored);
    }

    @Override
    public String revision() {
        return tx.one("reading the schedule revision", "SELECT COUNT(*) AS n, MAX(updated_at) AS changed FROM tock_schedules",
                rs -> rs.getLong("n") + "@" + JobRows.instant(rs, "changed")).orElseThrow();
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

    static RunHistory history(ResultSet rs) throws SQLException {
        int suspendAfter = rs.getInt("suspend_after_failures");
        OptionalInt streak = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(suspendAfter);
        return new RunHistory(rs.getInt("successful_history"), rs.getInt("failed_history"), streak);
    }

    /**
     * Cancels the schedule's runs that are not due yet: those recorded ahead of their nominal time, a
     * jittered run still waiting, a {@code BUFFER_ONE} run held back. Suspending or deleting a schedule
     * stops every run that has not started.
     */
    private void cancelNotYetDue(Connection c, String namespace, String name) throws SQLException {
        List<JobId> notDue = Sql.list(c, "SELECT j.id FROM tock_schedule_jobs s JOIN tock_jobs j ON j.id = s.job_id"
                + " WHERE s.namespace = ? AND s.schedule = ? AND j.state = 'scheduled'", rs -> new JobId(rs.getObject(1, UUID.class)),
                namespace, name);
        for (JobId id : notDue) {
            jobs.cancelIfScheduled(c, id); // read without a lock: a node may have leased it since
        }
    }

    @Override
    public boolean delete(String namespace, String name) {
        return tx.run("deleting schedule", c -> {
            cancelNotYetDue(c, namespace, name);
            Sql.update(c, "DELETE FROM tock_schedule_jobs WHERE namespace = ? AND schedule = ?", namespace, name);
            Sql.update(c, "DELETE FROM tock_schedule_fires WHERE namespace = ? AND schedule = ?", namespace, name);
            return Sql.update(c, "DELETE FROM tock_schedules WHERE namespace = ? AND name = ?", namespace, name) == 1;
        });
    }

    @Override
    public List<ScheduleFire> recordFires(List<FirePlan> plans) {
        List<ScheduleFire> recorded = fires.record(plans);
        if (recorded.stream().anyMatch(f -> f.job().isPresent())) {
            wakeups.announce();
        }
        return recorded;
    }

    @Override
    public int startBufferedRuns() {
        int started = runs.releaseBuffered();
        if (started > 0) {
            wakeups.announce();
        }
        return started;
    }

    @Override
    public List<ScheduleFire> fires(String namespace, String schedule, int limit) {
        return tx.list("listing schedule fires", "SELECT f.*, COALESCE(" + shownState + ", f.run_state) AS job_state FROM tock_schedule_fires f"
                + " LEFT JOIN tock_jobs j ON j.id = f.job_id WHERE f.namespace = ? AND f.schedule = ?"
                + " ORDER BY f.nominal_time DESC LIMIT ?", ScheduleRepository::fire, namespace, schedule, limit);
    }

    @Override
    public Map<String, RunSummary> runSummaries(String namespace) {
        return tx.list("summarising schedule runs", runSummary, rs -> Map.entry(rs.getString("schedule"), new RunSummary(
                rs.getInt("active"), Optional.ofNullable(JobRows.instant(rs, "last_fire")),
                Optional.ofNullable(JobRows.instant(rs, "last_success")))), namespace)
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static ScheduleFire fire(ResultSet rs) throws SQLException {
        UUID job = rs.getObject("job_id", UUID.class);
        String state = rs.getString("job_state");
        return new ScheduleFire(rs.getString("namespace"), rs.getString("schedule"), JobRows.instant(rs, "nominal_time"),
                FireOutcome.fromWireName(rs.getString("outcome")), rs.getBoolean("manual"),
                Optional.ofNullable(job).map(JobId::new), Optional.ofNullable(state).map(JobState::fromWireName),
                rs.getString("node"), JobRows.instant(rs, "recorded_at"));
    }
}

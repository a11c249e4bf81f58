package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.schedule.DstGapRule;
import dev.tock.schedule.DstOverlapRule;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.MissedRunPolicy;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.RunHistory;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.StoredSchedule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The schedule half of the JDBC store: definitions and the listing of fire records ({@link FireRecorder}
 * records them).
 */
final class ScheduleRepository {

    private final Transactions tx;
    private final String now;
    private final FireRecorder.JobWriter jobs;

    ScheduleRepository(Transactions tx, Dialect dialect, FireRecorder.JobWriter jobs) {
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
                    if (s.suspended()) {
                        cancelNotYetDue(c, s.namespace(), s.name());
                    }
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

    String revision() {
        return tx.run("reading the schedule revision", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) AS n, MAX(updated_at) AS changed FROM tock_schedules");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong("n") + "@" + JobRows.instant(rs, "changed");
            }
        });
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
        List<JobId> notDue = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT j.id FROM tock_schedule_jobs s JOIN tock_jobs j ON j.id = s.job_id"
                + " WHERE s.namespace = ? AND s.schedule = ? AND j.state = 'scheduled'")) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notDue.add(new JobId(rs.getObject(1, UUID.class)));
                }
            }
        }
        for (JobId id : notDue) {
            jobs.cancel(c, id);
        }
    }

    boolean delete(String namespace, String name) {
        return tx.run("deleting schedule", c -> {
            cancelNotYetDue(c, namespace, name);
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

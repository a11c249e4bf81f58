package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import dev.tock.schedule.RunHistory;
import dev.tock.store.jdbc.JobWriter.ScheduledJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A schedule's runs, the jobs it fired ({@code tock_schedule_jobs}): which are still active, whether
 * the last ones all failed, which fall beyond its history limits, and the {@code BUFFER_ONE} run held
 * back until the others end.
 */
final class ScheduleRuns {
    /**
     * Where a {@code BUFFER_ONE} schedule's waiting run is parked: a {@code scheduled} job due at this
     * time is held until the schedule's active run ends ({@link #releaseBuffered}).
     */
    static final Instant BUFFERED_RUN_AT = Instant.parse("9999-12-31T00:00:00Z");
    static final String ACTIVE = "('scheduled', 'ready', 'failed', 'running')";
    private static final String FINISHED = "('succeeded', 'dead', 'cancelled')";
    /** A schedule's runs: their jobs never move to the history (see JobHistory), its limits bound them. */
    private static final String RUNS = " FROM tock_schedule_jobs s JOIN tock_jobs j ON j.id = s.job_id";

    /** Per schedule of a namespace: unfinished due runs, the latest kept run's nominal time, the latest success. */
    static String summary(Dialect d) {
        return "SELECT s.schedule,"
                + " SUM(CASE WHEN j.state IN ('ready', 'running', 'failed') OR " + JobSql.showing(d, dev.tock.model.JobState.READY)
                + " THEN 1 ELSE 0 END) AS active,"
                + " MAX(j.nominal_time) AS last_fire,"
                + " MAX(CASE WHEN j.state = 'succeeded' THEN j.finished_at END) AS last_success"
                + RUNS + " WHERE s.namespace = ? GROUP BY s.schedule";
    }

    private final Transactions hotPath;
    private final String releaseBuffered;

    ScheduleRuns(Transactions hotPath, Dialect dialect) {
        this.hotPath = hotPath;
        // A held run is never due, so never parked in a limited queue's lane: the unparked lease order holds it.
        this.releaseBuffered = "UPDATE tock_jobs SET state = 'ready', run_at = " + dialect.now()
                + " WHERE " + JobSql.PENDING + " AND parked = FALSE AND state = 'scheduled' AND run_at >= ? AND schedule_name IS NOT NULL AND NOT EXISTS ("
                + " SELECT 1 FROM tock_schedule_jobs s JOIN tock_jobs o ON o.id = s.job_id"
                + " WHERE s.namespace = tock_jobs.namespace AND s.schedule = tock_jobs.schedule_name"
                + " AND o.id <> tock_jobs.id AND o.state IN " + ACTIVE + ")";
    }

    /** A run of a schedule that has not finished; {@code buffered} when it waits for another to end. */
    record ActiveRun(JobId id, boolean buffered) {
    }

    static List<ActiveRun> active(Connection c, String namespace, String schedule) throws SQLException {
        return Sql.list(c, "SELECT j.id, j.state, j.run_at" + RUNS + " WHERE s.namespace = ? AND s.schedule = ? AND j.state IN "
                + ACTIVE + " ORDER BY j.id", rs -> new ActiveRun(new JobId(rs.getObject("id", UUID.class)),
                "scheduled".equals(rs.getString("state")) && !JobRows.instant(rs, "run_at").isBefore(BUFFERED_RUN_AT)),
                namespace, schedule);
    }

    /** Records which schedule fired each job. */
    static void link(Connection c, List<ScheduledJob> inserted) throws SQLException {
        Sql.batch(c, "INSERT INTO tock_schedule_jobs (namespace, schedule, job_id) VALUES (?, ?, ?)", inserted,
                j -> new Object[] {j.job().namespace(), j.schedule(), j.id().value()});
    }

    /** Whether the schedule's last N finished runs all failed, N being its suspend-after-failures setting. */
    static boolean failingStreak(Connection c, String namespace, String schedule, RunHistory history) throws SQLException {
        if (history.suspendAfterFailures().isEmpty()) {
            return false;
        }
        int n = history.suspendAfterFailures().getAsInt();
        List<String> states = Sql.list(c, "SELECT j.state" + RUNS + " WHERE s.namespace = ? AND s.schedule = ? AND j.state IN "
                + FINISHED + " ORDER BY j.finished_at DESC LIMIT ?", rs -> rs.getString(1), namespace, schedule, n);
        return states.stream().filter("dead"::equals).count() == n;
    }

    /** A finished run, newest first within its schedule. */
    private record FinishedRun(ScheduleKey schedule, UUID id, String state, java.time.Instant nominal) {
    }

    /**
     * Deletes the schedules' finished runs beyond their history limits (attempts too); fire records stay,
     * and what the runs did stays counted ({@link PrunedActivity}).
     */
    static void prune(Connection c, Map<ScheduleKey, RunHistory> histories) throws SQLException {
        List<UUID> beyondLimit = new ArrayList<>();
        List<FinishedRun> pruned = new ArrayList<>();
        for (List<ScheduleKey> chunk : Sql.chunks(new ArrayList<>(histories.keySet()))) {
            List<FinishedRun> runs = Sql.list(c, "SELECT s.namespace, s.schedule, j.id, j.state, j.nominal_time" + RUNS
                    + " WHERE (s.namespace, s.schedule) IN (" + Sql.tuples(chunk.size(), 2) + ") AND j.state IN " + FINISHED
                    + " ORDER BY s.namespace, s.schedule, j.finished_at DESC, j.id DESC", rs -> new FinishedRun(
                    new ScheduleKey(rs.getString(1), rs.getString(2)), rs.getObject(3, UUID.class), rs.getString(4),
                    JobRows.instant(rs, "nominal_time")),
                    ScheduleKey.parameters(chunk));
            Map<String, Integer> kept = new HashMap<>();
            for (FinishedRun run : runs) {
                // Dead and cancelled runs are kept apart, so that runs cancelled by a suspension never
                // push the last real failure out of the history.
                RunHistory history = histories.get(run.schedule());
                int limit = "succeeded".equals(run.state()) ? history.successfulJobsHistoryLimit() : history.failedJobsHistoryLimit();
                if (kept.merge(run.schedule() + "/" + run.state(), 1, Integer::sum) > limit) {
                    beyondLimit.add(run.id());
                    pruned.add(run);
                }
            }
        }
        PrunedActivity.count(c, beyondLimit);
        // The fire record keeps how its run ended, so that alert rules still see a failure streak longer than the history.
        Sql.batch(c, "UPDATE tock_schedule_fires SET run_state = ? WHERE namespace = ? AND schedule = ? AND nominal_time = ?",
                pruned.stream().filter(r -> r.nominal() != null).toList(),
                r -> new Object[] {r.state(), r.schedule().namespace(), r.schedule().name(), r.nominal()});
        for (String delete : List.of("DELETE FROM tock_attempts WHERE job_id = ?", "DELETE FROM tock_jobs WHERE id = ?",
                "DELETE FROM tock_schedule_jobs WHERE job_id = ?")) {
            Sql.batch(c, delete, beyondLimit, id -> new Object[] {id});
        }
    }

    /**
     * Starts the held run of every {@code BUFFER_ONE} schedule whose other runs have all ended.
     *
     * @return how many runs were started
     */
    int releaseBuffered() {
        // On the hot path, whose plans always use an index: a release lost in a crash happens at the next call.
        return hotPath.update("starting buffered schedule runs", releaseBuffered, BUFFERED_RUN_AT);
    }
}

package dev.tock.store.jdbc;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Executor;
import dev.tock.model.JobId;
import dev.tock.model.KeyAssignment;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Inserts and cancels jobs inside a caller's transaction: for enqueue, and for the schedules, whose
 * fires insert jobs and whose overlap policies, suspension and deletion cancel them. Inserts are
 * batched and bound by hand: enqueue is on every producer's path.
 */
final class JobWriter {
    private final JobSql sql;

    JobWriter(JobSql sql) {
        this.sql = sql;
    }

    /** A schedule's job to insert, with the fire it belongs to. */
    record ScheduledJob(JobId id, NewJob job, String schedule, Instant nominalTime) {
    }

    /** Inserts the jobs; one whose idempotency key is taken is not inserted, and its result names the job holding the key. */
    List<Enqueued> insert(Connection c, List<NewJob> jobs) throws SQLException {
        long now = System.currentTimeMillis();
        List<Enqueued> result = new ArrayList<>(jobs.size());
        try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
            boolean batched = false;
            for (NewJob job : jobs) {
                JobId id = JobId.generate(now);
                bindInsert(ps, id, job, null, null);
                if (job.idempotencyKey().isPresent()) {
                    // Executed alone: a rewritten batch would hide which rows a conflict skipped.
                    boolean inserted = ps.executeUpdate() == 1;
                    result.add(inserted ? new Enqueued(id, true) : new Enqueued(existingId(c, job), false));
                } else {
                    ps.addBatch();
                    batched = true;
                    result.add(new Enqueued(id, true));
                }
            }
            if (batched) {
                ps.executeBatch();
            }
        }
        return result;
    }

    void insertScheduled(Connection c, List<ScheduledJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
            for (ScheduledJob j : jobs) {
                bindInsert(ps, j.id(), j.job(), j.schedule(), j.nominalTime());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bindInsert(PreparedStatement ps, JobId id, NewJob job, String schedule, Instant nominalTime)
            throws SQLException {
        Instant runAt = job.runAt().orElse(null);
        long delayMs = job.delay().toMillis();
        int i = 1;
        ps.setObject(i++, id.value());
        ps.setString(i++, job.namespace());
        ps.setString(i++, job.queue());
        ps.setString(i++, job.type());
        ps.setString(i++, job.payload());
        ps.setInt(i++, job.priority());
        JobRows.setInstant(ps, i++, runAt);
        ps.setLong(i++, delayMs);
        JobRows.setInstant(ps, i++, runAt);
        ps.setLong(i++, delayMs);
        ps.setInt(i++, job.retryPolicy().maxAttempts());
        ps.setLong(i++, job.retryPolicy().initialBackoff().toMillis());
        ps.setLong(i++, job.retryPolicy().maxBackoff().toMillis());
        ps.setDouble(i++, job.retryPolicy().multiplier());
        ps.setDouble(i++, job.retryPolicy().jitter());
        if (job.timeout().isPresent()) {
            ps.setLong(i++, job.timeout().get().toMillis());
        } else {
            ps.setNull(i++, Types.BIGINT);
        }
        ps.setString(i++, job.idempotencyKey().orElse(null));
        ps.setString(i++, JobRows.labelsJson(job.labels()));
        ps.setString(i++, schedule);
        JobRows.setInstant(ps, i++, nominalTime);
        ps.setString(i++, job.executor().map(Executor::kind).orElse(null));
        ps.setString(i++, JobRows.executorJson(job.executor()));
        if (job.activeDeadline().isPresent()) {
            ps.setLong(i++, job.activeDeadline().get().toMillis());
        } else {
            ps.setNull(i++, Types.BIGINT);
        }
        if (job.retention().isPresent()) {
            ps.setLong(i++, job.retention().get().toMillis());
        } else {
            ps.setNull(i++, Types.BIGINT);
        }
        KeyAssignment key = job.keyAssignment();
        ps.setString(i++, key.key());
        ps.setString(i, key.note().orElse(null));
    }

    private static JobId existingId(Connection c, NewJob job) throws SQLException {
        String key = job.idempotencyKey().orElseThrow();
        return Sql.one(c, "SELECT id FROM tock_jobs WHERE namespace = ? AND idempotency_key = ?",
                        rs -> new JobId(rs.getObject(1, UUID.class)), job.namespace(), key)
                .orElseThrow(() -> new StoreException("idempotency key " + key + " conflicted but no job holds it"));
    }

    /** What cancelling needs of a job's row, read under its lock. */
    private record Locked(JobState state, int attempts, String leaseOwner, Instant leasedAt) {
    }

    /**
     * Cancels a job that has not finished; a running job's attempt is recorded as cancelled and its
     * lease token moves on, so its worker's completion is refused.
     */
    CancelResult cancel(Connection c, JobId id) throws SQLException {
        Locked job = Sql.one(c, sql.lockForCancel, rs -> new Locked(JobState.fromWireName(rs.getString("state")),
                        rs.getInt("attempts"), rs.getString("lease_owner"), JobRows.instant(rs, "leased_at")), id.value())
                .orElseThrow(() -> new JobNotFoundException(id));
        if (job.state().isFinal()) {
            return new CancelResult(job.state(), false);
        }
        if (job.state() == JobState.RUNNING) {
            Sql.update(c, sql.insertAttemptAtNow, JobRows.attemptAtNow(id.value(), job.attempts(), job.leaseOwner(),
                    job.leasedAt(), AttemptOutcome.CANCELLED, "cancelled while running"));
        }
        Sql.update(c, sql.cancel, id.value());
        return new CancelResult(job.state(), true);
    }
}

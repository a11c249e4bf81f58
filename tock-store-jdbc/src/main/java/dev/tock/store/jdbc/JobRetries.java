package dev.tock.store.jdbc;

import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobState;
import dev.tock.model.JobStateConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Moving jobs by hand. Retrying a dead or cancelled job makes it ready now; its attempts so far are set
 * aside as {@code attempts_before_retry}, so its retry policy starts counting afresh while attempt
 * numbers (the key of its history) go on. Running a waiting job now moves its due time to now.
 */
final class JobRetries {
    private final Transactions tx;
    private final Wakeups wakeups;
    private final String retry;
    private final String runNow;

    JobRetries(Transactions tx, Dialect dialect, Wakeups wakeups) {
        this.tx = tx;
        this.wakeups = wakeups;
        this.retry = "UPDATE tock_jobs SET state = 'ready', run_at = " + dialect.now() + ", finished_at = NULL,"
                + " attempts_before_retry = attempts WHERE id = ?";
        this.runNow = "UPDATE tock_jobs SET state = CASE WHEN state = 'scheduled' THEN 'ready' ELSE state END,"
                + " run_at = " + dialect.now() + " WHERE id = ?";
    }

    Job runNow(JobId id) {
        Job moved = tx.run("running job now", c -> {
            JobState current = lockState(c, id);
            if (!JobState.PENDING.contains(current)) {
                throw new JobStateConflictException(id, current, "only a scheduled, ready or failed job waiting for its retry can be run now");
            }
            Job job = read(c, id);
            if (!job.runAt().isBefore(FireRecorder.BUFFERED_RUN_AT)) {
                throw new JobStateConflictException(id, current, "it is the run its schedule holds back (buffer_one) until the active run ends");
            }
            try (PreparedStatement ps = c.prepareStatement(runNow)) {
                ps.setObject(1, id.value());
                ps.executeUpdate();
            }
            return read(c, id);
        });
        wakeups.announce();
        return moved;
    }

    Job retry(JobId id) {
        Job retried = tx.run("retrying job", c -> {
            JobState current = lockState(c, id);
            if (!current.isRetryable()) {
                throw new JobStateConflictException(id, current, "only dead or cancelled jobs can be retried");
            }
            try (PreparedStatement ps = c.prepareStatement(retry)) {
                ps.setObject(1, id.value());
                ps.executeUpdate();
            }
            return read(c, id);
        });
        wakeups.announce();
        return retried;
    }

    private static JobState lockState(Connection c, JobId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM tock_jobs WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new JobNotFoundException(id);
                }
                return JobState.fromWireName(rs.getString(1));
            }
        }
    }

    private static Job read(Connection c, JobId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_jobs WHERE id = ?")) {
            ps.setObject(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return JobRows.job(rs);
            }
        }
    }
}

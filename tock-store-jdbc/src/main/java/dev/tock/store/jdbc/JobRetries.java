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
 * Retrying dead and cancelled jobs by hand. The job becomes ready now; its attempts so far are set
 * aside as {@code attempts_before_retry}, so its retry policy starts counting afresh while attempt
 * numbers (the key of its history) go on.
 */
final class JobRetries {
    private final Transactions tx;
    private final Wakeups wakeups;
    private final String retry;

    JobRetries(Transactions tx, Dialect dialect, Wakeups wakeups) {
        this.tx = tx;
        this.wakeups = wakeups;
        this.retry = "UPDATE tock_jobs SET state = 'ready', run_at = " + dialect.now() + ", finished_at = NULL,"
                + " attempts_before_retry = attempts WHERE id = ?";
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

package dev.tock.store.jdbc;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.store.FinishedAttempt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes finished attempts inside the caller's transaction: each job moves on (succeeded, failed
 * awaiting its retry, or dead) if its lease is still held (a disrupted attempt's retry adds it to the
 * attempts its retry policy does not count), and every attempt but a success, which
 * lives on its job's row, gets a row of its own. The busiest writes of all, so they are batched per
 * outcome, bound by hand, and successes go in one statement where the dialect has one.
 */
final class FinishedAttemptWriter {
    private final JobSql sql;

    FinishedAttemptWriter(JobSql sql) {
        this.sql = sql;
    }

    /**
     * Applies the attempts, given in job id order so that concurrent writers lock rows in one order.
     *
     * @return the jobs whose lease was no longer held; nothing was written for them
     */
    Set<JobId> write(Connection c, List<FinishedAttempt> attempts) throws SQLException {
        List<FinishedAttempt> applied = new ArrayList<>(attempts.size());
        Set<JobId> refused = new HashSet<>();
        applyFinished(c, attempts, applied, refused);
        insertAttempts(c, applied.stream().filter(a -> a.nextState() != JobState.SUCCEEDED).toList());
        return refused;
    }

    private void applyFinished(Connection c, List<FinishedAttempt> attempts, List<FinishedAttempt> applied, Set<JobId> refused)
            throws SQLException {
        List<FinishedAttempt> succeeded = new ArrayList<>();
        List<FinishedAttempt> retried = new ArrayList<>();
        List<FinishedAttempt> uncounted = new ArrayList<>();
        List<FinishedAttempt> buried = new ArrayList<>();
        for (FinishedAttempt a : attempts) {
            switch (a.nextState()) {
                case SUCCEEDED -> succeeded.add(a);
                case FAILED -> (a.outcome() == AttemptOutcome.DISRUPTED ? uncounted : retried).add(a);
                default -> buried.add(a);
            }
        }
        if (sql.succeedMany != null && succeeded.size() > 1) {
            succeedInOneStatement(c, succeeded, applied, refused);
        } else {
            runBatch(c, sql.succeed, succeeded, (ps, a) -> bindSuccess(ps, 1, a), applied, refused);
        }
        runBatch(c, sql.failForRetry, retried, (ps, a) -> {
            ps.setLong(1, a.retryDelay().toMillis());
            ps.setString(2, a.error().orElse(null));
            JobRows.setInstant(ps, 3, a.startedAt());
            JobRows.bindLease(ps, 4, a.lease());
        }, applied, refused);
        runBatch(c, sql.failForRetryUncounted, uncounted, (ps, a) -> {
            ps.setLong(1, a.retryDelay().toMillis());
            ps.setString(2, a.error().orElse(null));
            JobRows.setInstant(ps, 3, a.startedAt());
            JobRows.bindLease(ps, 4, a.lease());
        }, applied, refused);
        runBatch(c, sql.bury, buried, (ps, a) -> {
            ps.setString(1, a.error().orElse(null));
            JobRows.bindLease(ps, 2, a.lease());
        }, applied, refused);
    }

    @FunctionalInterface
    private interface AttemptBinder {
        void bind(PreparedStatement ps, FinishedAttempt attempt) throws SQLException;
    }

    private void runBatch(Connection c, String statement, List<FinishedAttempt> attempts, AttemptBinder binder,
                          List<FinishedAttempt> applied, Set<JobId> refused) throws SQLException {
        if (attempts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            for (FinishedAttempt a : attempts) {
                binder.bind(ps, a);
                ps.addBatch();
            }
            sortOut(ps, attempts, applied, refused);
        }
    }

    private void succeedInOneStatement(Connection c, List<FinishedAttempt> attempts, List<FinishedAttempt> applied,
                                       Set<JobId> refused) throws SQLException {
        Set<UUID> changed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql.succeedMany)) {
            bindSuccesses(c, ps, 1, attempts);
            try (ResultSet rs = ps.executeQuery()) {
                readChanged(rs, changed);
            }
        }
        for (FinishedAttempt a : attempts) {
            if (changed.contains(a.lease().jobId().value())) {
                applied.add(a);
            } else {
                refused.add(a.lease().jobId());
            }
        }
    }

    /**
     * Adds to {@code pipeline} the writes of attempts that all succeeded (which need no attempt rows), so that they go to
     * the database with what the caller adds after them; the returned set holds, once the pipeline ran, the jobs whose
     * lease was no longer held, for which nothing was written.
     */
    Set<JobId> succeedLater(Connection c, Pipeline pipeline, List<FinishedAttempt> attempts) throws SQLException {
        if (attempts.stream().anyMatch(a -> a.nextState() != JobState.SUCCEEDED)) {
            throw new IllegalArgumentException("only successes are written in a pipeline");
        }
        Set<JobId> refused = new HashSet<>();
        if (sql.succeedMany != null && attempts.size() > 1) {
            Set<UUID> changed = new HashSet<>();
            pipeline.query(sql.succeedMany, (ps, first) -> bindSuccesses(c, ps, first, attempts), rs -> {
                readChanged(rs, changed);
                attempts.stream().map(a -> a.lease().jobId()).filter(id -> !changed.contains(id.value())).forEach(refused::add);
            });
            return refused;
        }
        for (FinishedAttempt a : attempts) {
            pipeline.update(sql.succeed, (ps, first) -> bindSuccess(ps, first, a), rows -> {
                if (rows != 1) {
                    refused.add(a.lease().jobId());
                }
            });
        }
        return refused;
    }

    /** Binds one success to {@link JobSql#succeed} from {@code first} on; returns the index after the last. */
    private static int bindSuccess(PreparedStatement ps, int first, FinishedAttempt a) throws SQLException {
        ps.setString(first, a.node());
        JobRows.setInstant(ps, first + 1, a.startedAt());
        JobRows.setInstant(ps, first + 2, a.endedAt());
        ps.setString(first + 3, a.output().orElse(null));
        JobRows.bindLease(ps, first + 4, a.lease());
        return first + 6;
    }

    /** Binds successes to {@link JobSql#succeedMany}, a column each, from {@code first} on; returns the index after the last. */
    private static int bindSuccesses(Connection c, PreparedStatement ps, int first, List<FinishedAttempt> attempts) throws SQLException {
        int n = attempts.size();
        UUID[] ids = new UUID[n];
        Long[] leaseTokens = new Long[n];
        String[] nodes = new String[n];
        Long[] started = new Long[n];
        Long[] ended = new Long[n];
        String[] outputs = new String[n];
        for (int i = 0; i < n; i++) {
            FinishedAttempt a = attempts.get(i);
            ids[i] = a.lease().jobId().value();
            leaseTokens[i] = a.lease().leaseToken();
            nodes[i] = a.node();
            started[i] = JobRows.epochMicros(a.startedAt());
            ended[i] = JobRows.epochMicros(a.endedAt());
            outputs[i] = a.output().orElse(null);
        }
        ps.setArray(first, c.createArrayOf("uuid", ids));
        ps.setArray(first + 1, c.createArrayOf("bigint", leaseTokens));
        ps.setArray(first + 2, c.createArrayOf("text", nodes));
        ps.setArray(first + 3, c.createArrayOf("bigint", started));
        ps.setArray(first + 4, c.createArrayOf("bigint", ended));
        ps.setArray(first + 5, c.createArrayOf("text", outputs));
        return first + 6;
    }

    private static void readChanged(ResultSet rs, Set<UUID> changed) throws SQLException {
        while (rs.next()) {
            changed.add(rs.getObject(1, UUID.class));
        }
    }

    /** Runs the batch and splits its attempts into those applied and those whose lease was gone. */
    private static void sortOut(PreparedStatement batch, List<FinishedAttempt> attempts, List<FinishedAttempt> applied,
                                Set<JobId> refused) throws SQLException {
        int[] counts = batch.executeBatch();
        for (int i = 0; i < attempts.size(); i++) {
            if (counts[i] == 1 || counts[i] == PreparedStatement.SUCCESS_NO_INFO) {
                applied.add(attempts.get(i));
            } else {
                refused.add(attempts.get(i).lease().jobId());
            }
        }
    }

    private void insertAttempts(Connection c, List<FinishedAttempt> attempts) throws SQLException {
        if (attempts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insertAttempt)) {
            for (FinishedAttempt a : attempts) {
                ps.setObject(1, a.lease().jobId().value());
                ps.setInt(2, a.attempt());
                ps.setString(3, a.node());
                JobRows.setInstant(ps, 4, a.startedAt());
                JobRows.setInstant(ps, 5, a.endedAt());
                ps.setString(6, a.outcome().wireName());
                ps.setString(7, a.error().orElse(null));
                ps.setString(8, a.output().orElse(null));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

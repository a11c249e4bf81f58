package dev.tock.store.jdbc;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.HeldLeaseStore;
import dev.tock.store.ReapedLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What happens to held leases — checks, finished attempts, heartbeats, releases and the reaper's
 * writes — on the hot-path connections. Each write is fenced by the lease token. Finishing and
 * extending run for every job, so they batch and bind by hand.
 */
final class HeldLeaseRepository implements HeldLeaseStore {
    /** Multi-row writes lock rows in id order, so two of them (a flush and a heartbeat) never deadlock. */
    private static final Comparator<FinishedAttempt> BY_JOB_ID = Comparator.comparing(a -> a.lease().jobId());
    private static final Comparator<LeaseRef> LEASE_BY_JOB_ID = Comparator.comparing(LeaseRef::jobId);

    private final Transactions hotPath;
    private final JobSql sql;
    private final Wakeups wakeups;

    HeldLeaseRepository(Transactions hotPath, JobSql sql, Wakeups wakeups) {
        this.hotPath = hotPath;
        this.sql = sql;
        this.wakeups = wakeups;
    }

    /** The jobs still held under these leases: running, with the same token. */
    @Override
    public List<LeasedJob> held(List<LeaseRef> leases) {
        if (leases.isEmpty()) {
            return List.of();
        }
        Map<UUID, Long> leaseTokens = new HashMap<>();
        leases.forEach(l -> leaseTokens.put(l.jobId().value(), l.leaseToken()));
        List<LeasedJob> found = hotPath.run("reading held leases", c -> Sql.list(c, sql.selectByIds, JobRows::leasedJob,
                c.createArrayOf("uuid", leaseTokens.keySet().toArray())));
        return found.stream().filter(l -> l.job().state() == JobState.RUNNING
                && leaseTokens.get(l.job().id().value()) == l.lease().leaseToken()).toList();
    }

    @Override
    public Set<JobId> finish(List<FinishedAttempt> unordered) {
        if (unordered.isEmpty()) {
            return Set.of();
        }
        List<FinishedAttempt> attempts = unordered.stream().sorted(BY_JOB_ID).toList();
        return hotPath.run("storing finished attempts", c -> {
            List<FinishedAttempt> applied = new ArrayList<>(attempts.size());
            Set<JobId> refused = new HashSet<>();
            applyFinished(c, attempts, applied, refused);
            insertAttempts(c, applied.stream().filter(a -> a.nextState() != JobState.SUCCEEDED).toList());
            return refused;
        });
    }

    private void applyFinished(Connection c, List<FinishedAttempt> attempts, List<FinishedAttempt> applied, Set<JobId> refused)
            throws SQLException {
        List<FinishedAttempt> succeeded = new ArrayList<>();
        List<FinishedAttempt> retried = new ArrayList<>();
        List<FinishedAttempt> buried = new ArrayList<>();
        for (FinishedAttempt a : attempts) {
            switch (a.nextState()) {
                case SUCCEEDED -> succeeded.add(a);
                case FAILED -> retried.add(a);
                default -> buried.add(a);
            }
        }
        if (sql.succeedMany != null && succeeded.size() > 1) {
            succeedInOneStatement(c, succeeded, applied, refused);
        } else {
            runBatch(c, sql.succeed, succeeded, (ps, a) -> {
                ps.setString(1, a.node());
                JobRows.setInstant(ps, 2, a.startedAt());
                JobRows.setInstant(ps, 3, a.endedAt());
                ps.setString(4, a.output().orElse(null));
                bindHeld(ps, 5, a.lease());
            }, applied, refused);
        }
        runBatch(c, sql.failForRetry, retried, (ps, a) -> {
            ps.setLong(1, a.retryDelay().toMillis());
            ps.setString(2, a.error().orElse(null));
            bindHeld(ps, 3, a.lease());
        }, applied, refused);
        runBatch(c, sql.bury, buried, (ps, a) -> {
            ps.setString(1, a.error().orElse(null));
            bindHeld(ps, 2, a.lease());
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
        int n = attempts.size();
        UUID[] ids = new UUID[n];
        Long[] leaseTokens = new Long[n];
        String[] nodes = new String[n];
        String[] started = new String[n];
        String[] ended = new String[n];
        String[] outputs = new String[n];
        for (int i = 0; i < n; i++) {
            FinishedAttempt a = attempts.get(i);
            ids[i] = a.lease().jobId().value();
            leaseTokens[i] = a.lease().leaseToken();
            nodes[i] = a.node();
            started[i] = a.startedAt().toString();
            ended[i] = a.endedAt().toString();
            outputs[i] = a.output().orElse(null);
        }
        Set<UUID> changed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql.succeedMany)) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("bigint", leaseTokens));
            ps.setArray(3, c.createArrayOf("text", nodes));
            ps.setArray(4, c.createArrayOf("text", started));
            ps.setArray(5, c.createArrayOf("text", ended));
            ps.setArray(6, c.createArrayOf("text", outputs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(rs.getObject(1, UUID.class));
                }
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

    private static void bindHeld(PreparedStatement ps, int index, LeaseRef lease) throws SQLException {
        ps.setObject(index, lease.jobId().value());
        ps.setLong(index + 1, lease.leaseToken());
    }

    @Override
    public Set<JobId> extend(List<LeaseRef> unordered, Duration duration) {
        if (unordered.isEmpty()) {
            return Set.of();
        }
        List<LeaseRef> leases = unordered.stream().sorted(LEASE_BY_JOB_ID).toList();
        return hotPath.run("extending leases", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.extendLease)) {
                for (LeaseRef lease : leases) {
                    ps.setLong(1, duration.toMillis());
                    bindHeld(ps, 2, lease);
                    ps.addBatch();
                }
                return notUpdated(ps.executeBatch(), leases);
            }
        });
    }

    @Override
    public void release(List<LeaseRef> unordered) {
        if (unordered.isEmpty()) {
            return;
        }
        List<LeaseRef> leases = unordered.stream().sorted(LEASE_BY_JOB_ID).toList();
        hotPath.run("releasing leases", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.release)) {
                for (LeaseRef lease : leases) {
                    bindHeld(ps, 1, lease);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
        wakeups.announce();
    }

    private static Set<JobId> notUpdated(int[] counts, List<LeaseRef> leases) {
        Set<JobId> missed = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                missed.add(leases.get(i).jobId());
            }
        }
        return missed;
    }

    // ---- reaping ----------------------------------------------------------------------------

    @Override
    public List<ReapedLease> reapExpired(int limit) {
        List<ReapedLease> reaped = hotPath.run("reaping expired leases", c -> reap(c, limit));
        if (!reaped.isEmpty()) {
            wakeups.announce();
        }
        return reaped;
    }

    private record Expired(UUID id, int attempts, int attemptsBeforeRetry, int maxAttempts, long leaseToken, String owner,
                           Instant leasedAt) {
        static Expired of(ResultSet rs) throws SQLException {
            return new Expired(rs.getObject("id", UUID.class), rs.getInt("attempts"), rs.getInt("attempts_before_retry"),
                    rs.getInt("max_attempts"), rs.getLong("lease_token"), rs.getString("lease_owner"), JobRows.instant(rs, "leased_at"));
        }
    }

    private List<ReapedLease> reap(Connection c, int limit) throws SQLException {
        List<Expired> expired = Sql.list(c, sql.selectExpired, Expired::of, limit);
        List<ReapedLease> reaped = new ArrayList<>(expired.size());
        try (PreparedStatement update = c.prepareStatement(sql.reap);
             PreparedStatement attempt = c.prepareStatement(sql.insertAttemptAtNow)) {
            for (Expired e : expired) {
                boolean dead = e.attempts() - e.attemptsBeforeRetry() >= e.maxAttempts();
                String error = "lease held by " + e.owner() + " expired without a heartbeat";
                Sql.bind(update, dead ? "dead" : "ready", dead, error, e.id(), e.leaseToken());
                if (update.executeUpdate() == 1) {
                    Sql.bind(attempt, JobRows.attemptAtNow(e.id(), e.attempts(), e.owner(), e.leasedAt(), AttemptOutcome.LEASE_EXPIRED, error));
                    attempt.addBatch();
                    reaped.add(new ReapedLease(new JobId(e.id()), e.owner(), e.attempts(), dead ? JobState.DEAD : JobState.READY));
                }
            }
            if (!reaped.isEmpty()) {
                attempt.executeBatch();
            }
        }
        return reaped;
    }
}

package dev.tock.store.jdbc;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.HeldLeaseStore;
import dev.tock.store.LeaseRequest;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What happens to held leases — checks, finished attempts ({@link FinishedAttemptWriter}), heartbeats,
 * releases and the reaper's writes — on the hot-path connections. Each write is fenced by the lease
 * token. Finishing and extending run for every job, so they batch and bind by hand.
 */
final class HeldLeaseRepository implements HeldLeaseStore {
    /** Multi-row writes lock rows in id order, so two of them (a flush and a heartbeat) never deadlock. */
    private static final Comparator<FinishedAttempt> BY_JOB_ID = Comparator.comparing(a -> a.lease().jobId());
    private static final Comparator<LeaseRef> LEASE_BY_JOB_ID = Comparator.comparing(LeaseRef::jobId);

    private final Transactions hotPath;
    private final JobSql sql;
    private final FinishedAttemptWriter finished;
    private final WorkflowRepository workflows;
    private final Wakeups wakeups;
    private final Dialect dialect;

    HeldLeaseRepository(Transactions hotPath, JobSql sql, Wakeups wakeups, WorkflowRepository workflows, Dialect dialect) {
        this.workflows = workflows;
        this.dialect = dialect;
        this.hotPath = hotPath;
        this.sql = sql;
        this.finished = new FinishedAttemptWriter(sql);
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
        return found.stream().filter(l -> JobState.HELD.contains(l.job().state())
                && leaseTokens.get(l.job().id().value()) == l.lease().leaseToken()).toList();
    }

    @Override
    public void recordStarts(List<LeaseRef> leases) {
        forEachLease("recording started handlers", sql.recordStart, leases);
    }

    @Override
    public Set<JobId> finish(List<FinishedAttempt> attempts) {
        return finish(attempts, null).refused();
    }

    @Override
    public Finished finishAndLease(List<FinishedAttempt> attempts, LeaseRequest next) {
        return finish(attempts, next);
    }

    /** Finishes the attempts and, when {@code next} is given, leases it the jobs their runs' next steps made. */
    private Finished finish(List<FinishedAttempt> unordered, LeaseRequest next) {
        if (unordered.isEmpty()) {
            return new Finished(Set.of(), List.of(), 0);
        }
        List<FinishedAttempt> attempts = unordered.stream().sorted(BY_JOB_ID).toList();
        boolean steps = attempts.stream().anyMatch(FinishedAttempt::workflowStep);
        WorkflowRepository.RunChanges runs = new WorkflowRepository.RunChanges();
        Finished done = hotPath.run("storing finished attempts", c -> {
            Set<JobId> lost;
            List<LeasedJob> leased = List.of();
            if (steps) {
                // The steps these completions made ready are made in this same transaction: exactly once. Their jobs
                // are leased to this node as their instances are written, or after, where that write could not.
                runs.handOffTo(next);
                lost = finishSteps(c, attempts, runs);
                leased = new ArrayList<>(runs.leasedWithInstances());
                leased.addAll(leaseMade(c, runs.notOffered(), next, runs.handOffRoom()));
                runs.leasedHere(leased.size());
            } else {
                lost = finished.write(c, attempts);
            }
            return new Finished(lost, leased, runs.made().size() - leased.size());
        });
        workflows.publish(runs);
        return done;
    }

    /**
     * Writes attempts among which some ended workflow steps, and moves those steps' runs on; returns the jobs whose lease
     * was no longer held. Where the dialect pipelines and every attempt succeeded (a hand-off's case), the writes, the
     * runs' locks and the reads under them go in one round trip.
     */
    private Set<JobId> finishSteps(Connection c, List<FinishedAttempt> attempts, WorkflowRepository.RunChanges runs)
            throws SQLException {
        if (!dialect.pipelines() || attempts.stream().anyMatch(a -> a.nextState() != JobState.SUCCEEDED)) {
            Set<JobId> lost = finished.write(c, attempts);
            workflows.completed(c, attempts.stream().filter(a -> !lost.contains(a.lease().jobId())).toList(), runs);
            return lost;
        }
        Pipeline pipeline = new Pipeline(dialect);
        Set<JobId> lost = finished.succeedLater(c, pipeline, attempts);
        Optional<WorkflowRepository.EndedSteps> ended = workflows.readLater(c, pipeline, attempts);
        pipeline.run(c);
        if (ended.isPresent()) {
            workflows.advance(c, ended.get(), lost, runs);
        }
        return lost;
    }

    /**
     * Leases to the node that recorded the completions the due ones of the jobs they made: it has workers free, and
     * starting them saves the next step a lease transaction and a wake-up.
     */
    private List<LeasedJob> leaseMade(Connection c, List<UUID> made, LeaseRequest next, int room) throws SQLException {
        if (next == null || made.isEmpty() || sql.leaseMade == null || room <= 0) {
            return List.of();
        }
        int limit = Math.min(room, made.size());
        try (PreparedStatement ps = c.prepareStatement(sql.leaseMade)) {
            JobSql.bindLeaseMade(c, ps, 1, next, made, limit);
            List<LeasedJob> leased = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leased.add(JobRows.leasedJob(rs));
                }
            }
            return leased;
        }
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
                    JobRows.bindLease(ps, 2, lease);
                    ps.addBatch();
                }
                return notUpdated(ps.executeBatch(), leases);
            }
        });
    }

    @Override
    public void release(List<LeaseRef> leases) {
        if (forEachLease("releasing leases", sql.release, leases)) {
            wakeups.announce();
        }
    }

    /**
     * Runs a fenced statement whose only parameters are a lease's job id and token once per lease, in one
     * batch, in job id order; false when there were none.
     */
    private boolean forEachLease(String what, String statement, List<LeaseRef> unordered) {
        if (unordered.isEmpty()) {
            return false;
        }
        List<LeaseRef> leases = unordered.stream().sorted(LEASE_BY_JOB_ID).toList();
        hotPath.run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                for (LeaseRef lease : leases) {
                    JobRows.bindLease(ps, 1, lease);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
        return true;
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

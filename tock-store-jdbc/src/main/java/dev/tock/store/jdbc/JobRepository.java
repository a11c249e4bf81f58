package dev.tock.store.jdbc;

import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.JobStateConflictException;
import dev.tock.model.NewJob;
import dev.tock.model.RecentFailure;
import dev.tock.model.ThroughputBucket;
import dev.tock.store.JobStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code tock_jobs} table outside the hot path: enqueue, lookups, cancellation, and moving jobs by
 * hand. Retrying a dead or cancelled job makes it ready now; its attempts so far are set aside as
 * {@code attempts_before_retry}, so its retry policy starts counting afresh while attempt numbers (the
 * key of its history) go on. Listing is {@link JobQueries}'s, statistics {@link JobStatistics}'.
 */
final class JobRepository implements JobStore {
    private final Transactions tx;
    private final Dialect dialect;
    private final JobWriter writer;
    private final NamespaceRepository namespaces;
    private final Wakeups wakeups;
    private final JobQueries queries;
    private final JobStatistics statistics;
    private final String retry;
    private final String runNow;
    private final String selectJob;
    private final String countByState;

    JobRepository(Transactions tx, Dialect dialect, JobWriter writer, NamespaceRepository namespaces, Wakeups wakeups) {
        this.tx = tx;
        this.dialect = dialect;
        this.writer = writer;
        this.namespaces = namespaces;
        this.wakeups = wakeups;
        this.queries = new JobQueries(tx, dialect);
        this.selectJob = "SELECT j.*, " + JobSql.shownState(dialect) + " AS shown_state FROM tock_jobs_all j WHERE j.id = ?";
        this.countByState = "SELECT shown_state, COUNT(*) FROM (SELECT " + JobSql.shownState(dialect) + " AS shown_state"
                + " FROM tock_jobs_all j WHERE j.namespace = ?) s GROUP BY shown_state";
        this.statistics = new JobStatistics(tx, dialect);
        // A job cancelled while parked in a limited queue's lane comes back to the lease order; a lease parks it again.
        this.retry = "UPDATE tock_jobs SET state = 'ready', parked = FALSE, run_at = " + dialect.now() + ", finished_at = NULL,"
                + " attempts_before_retry = attempts, run_started_at = NULL WHERE id = ?";
        this.runNow = "UPDATE tock_jobs SET state = CASE WHEN state = 'scheduled' THEN 'ready' ELSE state END,"
                + " run_at = " + dialect.now() + " WHERE id = ?";
    }

    @Override
    public List<Enqueued> enqueue(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        namespaces.requireAll(jobs.stream().map(NewJob::namespace).toList());
        // One statement is atomic by itself: autocommit saves the round trip of a separate commit. Otherwise
        // (a single key's lookup, or a batch of single rows) one transaction keeps the batch all or nothing.
        boolean oneStatement = writer.insertsInOneStatement(jobs);
        List<Enqueued> result = oneStatement ? tx.runOneStatement("enqueue", c -> writer.insert(c, jobs))
                : tx.run("enqueue", c -> writer.insert(c, jobs));
        wakeups.announce();
        return result;
    }

    @Override
    public Optional<Job> find(JobId id) {
        return tx.one("finding job", selectJob, JobRows::shownJob, id.value());
    }

    @Override
    public List<Attempt> attempts(JobId id) {
        return tx.run("listing attempts", c -> {
            List<Attempt> attempts = Sql.list(c, "SELECT * FROM tock_attempts WHERE job_id = ? ORDER BY attempt", JobRows::attempt,
                    id.value());
            successOnRow(c, id).ifPresent(attempts::add);
            return attempts;
        });
    }

    /** A job's successful attempt, which lives on its row. */
    private static Optional<Attempt> successOnRow(Connection c, JobId id) throws SQLException {
        return Sql.one(c, "SELECT attempts, success_node, success_started_at, success_ended_at, success_output FROM tock_jobs_all"
                + " WHERE id = ? AND state = 'succeeded'", rs -> new Attempt(id, rs.getInt("attempts"), rs.getString("success_node"),
                JobRows.instant(rs, "success_started_at"), JobRows.instant(rs, "success_ended_at"), AttemptOutcome.SUCCEEDED,
                Optional.empty(), Optional.ofNullable(rs.getString("success_output"))), id.value());
    }

    @Override
    public JobPage list(JobQuery query) {
        namespaces.require(query.namespace());
        return queries.list(query);
    }

    /** {@link #list} reading at most {@code scanBudget} jobs per filtered page, for tests of the budget. */
    JobPage list(JobQuery query, int scanBudget) {
        namespaces.require(query.namespace());
        return new JobQueries(tx, dialect, scanBudget).list(query);
    }

    @Override
    public Job retry(JobId id) {
        Job retried = tx.run("retrying job", c -> {
            if (lockedState(c, id).isEmpty()) {
                writer.history().restore(c, id);
            }
            JobState current = lockState(c, id);
            if (!current.isRetryable()) {
                throw new JobStateConflictException(id, current, "only dead or cancelled jobs can be retried");
            }
            Sql.update(c, retry, id.value());
            return read(c, id);
        });
        wakeups.announce();
        return retried;
    }

    @Override
    public Job runNow(JobId id) {
        Job moved = tx.run("running job now", c -> {
            JobState current = lockState(c, id);
            if (!JobState.PENDING.contains(current)) {
                throw new JobStateConflictException(id, current, "only a scheduled, ready or failed job waiting for its retry can be run now");
            }
            if (!read(c, id).runAt().isBefore(ScheduleRuns.BUFFERED_RUN_AT)) {
                throw new JobStateConflictException(id, current, "it is the run its schedule holds back (buffer_one) until the active run ends");
            }
            Sql.update(c, runNow, id.value());
            return read(c, id);
        });
        wakeups.announce();
        return moved;
    }

    /** The job's state, locked; a finished job in the history is not locked, and changes only once moved back. */
    private JobState lockState(Connection c, JobId id) throws SQLException {
        Optional<JobState> locked = lockedState(c, id);
        if (locked.isPresent()) {
            return locked.get();
        }
        return writer.history().state(c, id).map(JobState::fromWireName).orElseThrow(() -> new JobNotFoundException(id));
    }

    private static Optional<JobState> lockedState(Connection c, JobId id) throws SQLException {
        return Sql.one(c, "SELECT state FROM tock_jobs WHERE id = ? FOR UPDATE", rs -> JobState.fromWireName(rs.getString(1)), id.value());
    }

    private Job read(Connection c, JobId id) throws SQLException {
        return Sql.one(c, selectJob, JobRows::shownJob, id.value()).orElseThrow(() -> new JobNotFoundException(id));
    }

    @Override
    public CancelResult cancel(JobId id) {
        return tx.run("cancelling job", c -> writer.cancel(c, id));
    }

    @Override
    public Map<JobState, Long> countByState(String namespace) {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            counts.put(s, 0L);
        }
        tx.list("counting jobs", countByState, rs -> Map.entry(JobState.fromWireName(rs.getString(1)), rs.getLong(2)), namespace)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    @Override
    public List<ThroughputBucket> throughput(String namespace, Instant from, Duration bucket) {
        namespaces.require(namespace);
        return statistics.throughput(namespace, from, bucket);
    }

    @Override
    public List<RecentFailure> recentFailures(String namespace, int limit) {
        namespaces.require(namespace);
        return statistics.recentFailures(namespace, limit);
    }
}

package dev.tock.store.jdbc;

import dev.tock.model.Job;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.Queue;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.store.LeaseRequest;
import dev.tock.store.NextDue;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/** Leasing due jobs and reading when the next one falls due, on the hot-path connections. */
final class JobLeasing {
    private static final Comparator<LeasedJob> LEASE_ORDER = Comparator
            .comparingInt((LeasedJob l) -> -l.job().priority())
            .thenComparing(l -> l.job().runAt())
            .thenComparing(l -> l.job().id());
    /** How long the list of queues with a concurrency limit is reused before it is read again. */
    private static final long LIMITED_QUEUES_TTL_NANOS = Duration.ofMillis(500).toNanos();

    private final Transactions tx;
    private final Transactions hotPath;
    private final JobSql sql;
    private volatile List<Queue> limitedQueues = List.of();
    private volatile long limitedQueuesReadAt;
    private volatile boolean limitedQueuesStale = true;

    JobLeasing(Transactions tx, Transactions hotPath, JobSql sql) {
        this.tx = tx;
        this.hotPath = hotPath;
        this.sql = sql;
    }

    /** A queue's limit or pause changed: read the limited queues again at the next lease. */
    void queuesChanged() {
        limitedQueuesStale = true;
    }

    List<LeasedJob> lease(LeaseRequest request) {
        List<LeasedJob> leased = hotPath.run("lease", c -> leaseUnlimited(c, request));
        int room = request.limit() - leased.size();
        for (Queue queue : limitedQueues()) {
            if (room <= 0) {
                break;
            }
            List<LeasedJob> fromQueue = hotPath.run("lease from queue " + queue.name(), c -> leaseFromLimitedQueue(c, queue, request, leased.size()));
            leased.addAll(fromQueue);
            room -= fromQueue.size();
        }
        leased.sort(LEASE_ORDER);
        return leased;
    }

    /** Leases jobs of queues without a limit that fall due within {@code lookahead}, earliest first. */
    List<LeasedJob> leaseAhead(LeaseRequest request, Duration lookahead) {
        return hotPath.run("lease ahead", c -> leaseRows(c, sql.leaseAhead, sql.dueAhead, request, (ps, i) -> {
            ps.setLong(i++, lookahead.toMillis());
            i = bindRunsHere(ps, i, c, request);
            ps.setInt(i, request.limit());
        }));
    }

    private List<LeasedJob> leaseUnlimited(Connection c, LeaseRequest request) throws SQLException {
        return leaseRows(c, sql.leaseUnlimited, sql.dueUnlimited, request, (ps, i) -> {
            i = bindRunsHere(ps, i, c, request);
            ps.setInt(i, request.limit());
        });
    }

    /** Leases from a queue with a concurrency limit, holding its row lock so no other node counts at the same time. */
    private List<LeasedJob> leaseFromLimitedQueue(Connection c, Queue queue, LeaseRequest request, int alreadyLeased)
            throws SQLException {
        OptionalInt limit = lockQueue(c, queue);
        if (limit.isEmpty()) {
            return new ArrayList<>();
        }
        int room = Math.min(request.limit() - alreadyLeased, limit.getAsInt() - runningIn(c, queue));
        if (room <= 0) {
            return new ArrayList<>();
        }
        return leaseRows(c, sql.leaseInQueue, sql.dueInQueue, request, (ps, i) -> {
            i = bindRunsHere(ps, i, c, request);
            ps.setString(i++, queue.namespace());
            ps.setString(i++, queue.name());
            ps.setInt(i, room);
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int firstIndex) throws SQLException;
    }

    /**
     * Leases the due rows: in one statement where the dialect has one, else by selecting the ids and
     * leasing each (the embedded store, whose writes this process serialises).
     */
    private List<LeasedJob> leaseRows(Connection c, String oneStatement, String dueIds, LeaseRequest request, Binder due)
            throws SQLException {
        return leaseRows(c, oneStatement, dueIds, request.node(), request.leaseDuration(), due);
    }

    private List<LeasedJob> leaseRows(Connection c, String oneStatement, String dueIds, String node, Duration leaseDuration,
                                      Binder due) throws SQLException {
        if (oneStatement != null) {
            try (PreparedStatement ps = c.prepareStatement(oneStatement)) {
                ps.setString(1, node);
                ps.setLong(2, leaseDuration.toMillis());
                due.bind(ps, 3);
                return readLeased(ps);
            }
        }
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dueIds)) {
            due.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<LeasedJob> leased = new ArrayList<>(ids.size());
        try (PreparedStatement ps = c.prepareStatement(sql.leaseOne)) {
            for (UUID id : ids) {
                ps.setString(1, node);
                ps.setLong(2, leaseDuration.toMillis());
                ps.setObject(3, id);
                leased.addAll(readLeased(ps));
            }
        }
        return leased;
    }

    /** Locks the queue's row; returns its limit, or empty when it is paused or no longer limited. */
    private OptionalInt lockQueue(Connection c, Queue queue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT max_running, paused FROM tock_queues WHERE namespace = ? AND name = ? FOR UPDATE")) {
            ps.setString(1, queue.namespace());
            ps.setString(2, queue.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalInt.empty();
                }
                int max = rs.getInt(1);
                boolean unlimited = rs.wasNull();
                return unlimited || rs.getBoolean(2) ? OptionalInt.empty() : OptionalInt.of(max);
            }
        }
    }

    private int runningIn(Connection c, Queue queue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM tock_jobs WHERE state = 'running' AND namespace = ? AND queue = ?")) {
            ps.setString(1, queue.namespace());
            ps.setString(2, queue.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Array types(Connection c, Set<String> types) throws SQLException {
        return c.createArrayOf("varchar", types.toArray());
    }

    /** Binds the types and executor kinds a node runs; returns the next parameter index. */
    private static int bindRunsHere(PreparedStatement ps, int i, Connection c, LeaseRequest request) throws SQLException {
        ps.setArray(i, types(c, request.types()));
        ps.setArray(i + 1, types(c, request.executors()));
        return i + 2;
    }

    private static List<LeasedJob> readLeased(PreparedStatement ps) throws SQLException {
        List<LeasedJob> leased = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Job job = JobRows.job(rs);
                leased.add(new LeasedJob(job, new LeaseRef(job.id(), rs.getLong("lease_token")),
                        JobRows.instant(rs, "leased_at"), JobRows.instant(rs, "lease_expires_at")));
            }
        }
        return leased;
    }

    private List<Queue> limitedQueues() {
        long now = System.nanoTime();
        if (limitedQueuesStale || now - limitedQueuesReadAt > LIMITED_QUEUES_TTL_NANOS) {
            limitedQueuesStale = false;
            limitedQueues = tx.run("reading queue limits", c -> {
                List<Queue> queues = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT * FROM tock_queues WHERE max_running IS NOT NULL AND NOT paused ORDER BY namespace, name");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        queues.add(JobRows.queue(rs));
                    }
                }
                return List.copyOf(queues);
            });
            limitedQueuesReadAt = now;
        }
        return limitedQueues;
    }

    /**
     * Leases due jobs without an executor of one queue to an external worker: none while the queue is
     * paused; with a concurrency limit, under its row lock as {@link #leaseFromLimitedQueue} does.
     */
    List<LeasedJob> leaseQueue(QueueLeaseRequest request) {
        Queue settings = tx.run("reading queue settings", c -> readQueue(c, request.namespace(), request.queue(), false))
                .orElse(Queue.of(request.namespace(), request.queue()));
        if (settings.paused()) {
            return List.of();
        }
        return hotPath.run("lease for worker", c -> {
            int room = request.limit();
            if (settings.maxRunning().isPresent()) {
                Optional<Queue> locked = readQueue(c, request.namespace(), request.queue(), true);
                if (locked.isPresent() && locked.get().paused()) {
                    return List.<LeasedJob>of();
                }
                if (locked.isPresent() && locked.get().maxRunning().isPresent()) {
                    room = Math.min(room, locked.get().maxRunning().getAsInt() - runningIn(c, locked.get()));
                }
            }
            if (room <= 0) {
                return List.<LeasedJob>of();
            }
            int limit = room;
            boolean typed = request.types().isPresent();
            List<LeasedJob> leased = leaseRows(c, typed ? sql.leaseForWorkerTyped : sql.leaseForWorker,
                    typed ? sql.dueForWorkerTyped : sql.dueForWorker, request.worker(), request.leaseDuration(), (ps, i) -> {
                        ps.setString(i++, request.namespace());
                        ps.setString(i++, request.queue());
                        if (typed) {
                            ps.setArray(i++, types(c, request.types().get()));
                        }
                        ps.setInt(i, limit);
                    });
            leased.sort(LEASE_ORDER);
            return leased;
        });
    }

    private static Optional<Queue> readQueue(Connection c, String namespace, String name, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM tock_queues WHERE namespace = ? AND name = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobRows.queue(rs)) : Optional.empty();
            }
        }
    }

    /** The jobs still held under these leases: running, with the same token. */
    List<LeasedJob> heldLeases(List<LeaseRef> leases) {
        if (leases.isEmpty()) {
            return List.of();
        }
        java.util.Map<UUID, Long> tokens = new java.util.HashMap<>();
        leases.forEach(l -> tokens.put(l.jobId().value(), l.token()));
        return hotPath.run("reading held leases", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectByIds)) {
                ps.setArray(1, c.createArrayOf("uuid", tokens.keySet().toArray()));
                List<LeasedJob> held = new ArrayList<>();
                for (LeasedJob job : readLeased(ps)) {
                    if (job.job().state() == dev.tock.model.JobState.RUNNING
                            && tokens.get(job.job().id().value()) == job.lease().token()) {
                        held.add(job);
                    }
                }
                return held;
            }
        });
    }

    NextDue nextDue(QueueLeaseRequest request) {
        boolean typed = request.types().isPresent();
        return hotPath.run("reading next due time of a queue", c -> {
            try (PreparedStatement ps = c.prepareStatement(typed ? sql.nextDueForWorkerTyped : sql.nextDueForWorker)) {
                ps.setString(1, request.namespace());
                ps.setString(2, request.queue());
                if (typed) {
                    ps.setArray(3, types(c, request.types().get()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new NextDue(Optional.ofNullable(JobRows.instant(rs, "next_run_at")), JobRows.instant(rs, "store_now"));
                }
            }
        });
    }

    NextDue nextDue(Set<String> types, Set<String> executors) {
        return hotPath.run("reading next due time", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.nextDue)) {
                ps.setArray(1, types(c, types));
                ps.setArray(2, types(c, executors));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new NextDue(Optional.ofNullable(JobRows.instant(rs, "next_run_at")), JobRows.instant(rs, "store_now"));
                }
            }
        });
    }

}

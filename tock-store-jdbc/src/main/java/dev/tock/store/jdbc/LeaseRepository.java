package dev.tock.store.jdbc;

import dev.tock.model.LeasedJob;
import dev.tock.model.Queue;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.store.LeaseRequest;
import dev.tock.store.LeaseStore;
import dev.tock.store.NextDue;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Leasing due jobs and reading when the next one falls due, on the hot-path connections. The lease
 * statements bind by hand and read their rows in one pass: they run for every job any node runs.
 */
final class LeaseRepository implements LeaseStore {
    private static final Comparator<LeasedJob> LEASE_ORDER = Comparator
            .comparingInt((LeasedJob l) -> -l.job().priority())
            .thenComparing(l -> l.job().runAt())
            .thenComparing(l -> l.job().id());

    private final Transactions tx;
    private final Transactions hotPath;
    private final JobSql sql;
    private final LimitedQueues limitedQueues;
    private final KeyedLease keyed;
    /**
     * The earliest next slot of a rate limit that held jobs back in this node's leases: {@link #nextDue}
     * answers it, so that the node looks again then rather than only after its poll interval.
     */
    private final AtomicReference<Instant> rateSlot = new AtomicReference<>();
    private static final long PAUSED_PARK_NANOS = Duration.ofSeconds(1).toNanos();
    /** When this node last parked each paused queue's due jobs (by namespace/name). */
    private final Map<String, Long> pausedParkedAt = new ConcurrentHashMap<>();

    LeaseRepository(Transactions tx, Transactions hotPath, JobSql sql, LimitedQueues limitedQueues, KeyedLease keyed) {
        this.tx = tx;
        this.hotPath = hotPath;
        this.sql = sql;
        this.limitedQueues = limitedQueues;
        this.keyed = keyed;
    }

    /** Leases due jobs; the first {@code request.startsAtOnce()} of them (in lease order) come back running, the rest leased. */
    @Override
    public List<LeasedJob> lease(LeaseRequest request) {
        List<LeasedJob> leased = hotPath.run("lease", c -> leaseRows(c, sql.leaseUnlimited, sql.dueUnlimited, request,
                request.startsAtOnce(), (ps, i) -> {
                    i = bindRunsHere(ps, i, c, request);
                    ps.setInt(i, request.limit());
                }));
        int room = request.limit() - leased.size();
        for (Queue queue : limitedQueues.get()) {
            if (room <= 0) {
                break;
            }
            if (queue.paused()) {
                parkPaused(queue);
                continue;
            }
            List<LeasedJob> fromQueue = hotPath.run("lease from queue " + queue.name(),
                    c -> leaseFromLimitedQueue(c, queue, request, leased.size()));
            leased.addAll(fromQueue);
            room -= fromQueue.size();
        }
        leased.sort(LEASE_ORDER);
        return leased;
    }

    /** Jobs leased ahead of their time are held until it comes: they all come back leased. */
    @Override
    public List<LeasedJob> leaseAhead(LeaseRequest request, Duration lookahead) {
        return hotPath.run("lease ahead", c -> leaseRows(c, sql.leaseAhead, sql.dueAhead, request, 0, (ps, i) -> {
            ps.setLong(i++, lookahead.toMillis());
            i = bindRunsHere(ps, i, c, request);
            ps.setInt(i, request.limit());
        }));
    }

    /**
     * Leases from a queue with a concurrency limit or key sharing, holding its row lock so no other node
     * counts at the same time.
     */
    private List<LeasedJob> leaseFromLimitedQueue(Connection c, Queue queue, LeaseRequest request, int alreadyLeased)
            throws SQLException {
        Optional<Queue> locked = readQueue(c, queue.namespace(), queue.name(), true).filter(q -> !q.paused());
        if (locked.isEmpty() || !parkIfLimited(c, locked.get())) {
            return new ArrayList<>();
        }
        int room = request.limit() - alreadyLeased;
        if (locked.get().maxRunning().isPresent()) {
            room = Math.min(room, locked.get().maxRunning().getAsInt() - runningIn(c, queue));
        }
        if (room <= 0) {
            return new ArrayList<>();
        }
        int startsAtOnce = Math.max(0, request.startsAtOnce() - alreadyLeased);
        if (!locked.get().sharing().isNone()) {
            KeyedLease.DueFilter runsHere = new KeyedLease.DueFilter(JobSql.RUNS_HERE,
                    List.of(textArray(c, request.types()), textArray(c, request.executors())));
            return noteRateSlot(keyed.lease(c, locked.get(), room, runsHere,
                    new KeyedLease.Taker(request.node(), request.leaseDuration(), startsAtOnce)));
        }
        int limit = room;
        return leaseRows(c, sql.leaseInQueue, sql.dueInQueue, request, startsAtOnce, (ps, i) -> {
            i = bindRunsHere(ps, i, c, request);
            ps.setString(i++, queue.namespace());
            ps.setString(i++, queue.name());
            ps.setInt(i, limit);
        });
    }

    /**
     * Leases due jobs without an executor of one queue to an external worker: none while the queue is
     * paused; with a concurrency limit, under its row lock as {@link #leaseFromLimitedQueue} does.
     */
    @Override
    public List<LeasedJob> leaseQueue(QueueLeaseRequest request) {
        Queue settings = tx.run("reading queue settings", c -> readQueue(c, request.namespace(), request.queue(), false))
                .orElse(Queue.of(request.namespace(), request.queue()));
        if (settings.paused()) {
            return List.of();
        }
        return hotPath.run("lease for worker", c -> {
            int room = request.limit();
            Optional<Queue> locked = Optional.empty();
            if (settings.maxRunning().isPresent() || !settings.sharing().isNone()) {
                locked = readQueue(c, request.namespace(), request.queue(), true);
                if (locked.isPresent() && locked.get().paused()) {
                    return List.<LeasedJob>of();
                }
                if (locked.isPresent() && !parkIfLimited(c, locked.get())) {
                    locked = Optional.empty(); // its limits went while the settings were read
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
            if (locked.isPresent() && !locked.get().sharing().isNone()) {
                KeyedLease.DueFilter forWorker = typed
                        ? new KeyedLease.DueFilter(" AND j.executor_kind IS NULL AND j.type = ANY(?)",
                                List.of(textArray(c, request.types().get())))
                        : new KeyedLease.DueFilter(" AND j.executor_kind IS NULL", List.of());
                List<LeasedJob> leased = noteRateSlot(keyed.lease(c, locked.get(), limit, forWorker,
                        new KeyedLease.Taker(request.worker(), request.leaseDuration(), limit)));
                leased.sort(LEASE_ORDER);
                return leased;
            }
            // A worker asks for what it runs at once: its jobs come back running.
            boolean limited = locked.isPresent();
            List<LeasedJob> leased = leaseRows(c,
                    limited ? (typed ? sql.leaseForLimitedWorkerTyped : sql.leaseForLimitedWorker) : (typed ? sql.leaseForWorkerTyped : sql.leaseForWorker),
                    limited ? (typed ? sql.dueForLimitedWorkerTyped : sql.dueForLimitedWorker) : (typed ? sql.dueForWorkerTyped : sql.dueForWorker),
                    request.worker(), request.leaseDuration(), limit, (ps, i) -> {
                        ps.setString(i++, request.namespace());
                        ps.setString(i++, request.queue());
                        if (typed) {
                            ps.setArray(i++, textArray(c, request.types().get()));
                        }
                        ps.setInt(i, limit);
                    });
            leased.sort(LEASE_ORDER);
            return leased;
        });
    }

    private List<LeasedJob> noteRateSlot(KeyedLease.Leased leased) {
        leased.nextRateSlot().ifPresent(slot -> rateSlot.accumulateAndGet(slot, (a, b) -> a == null || b.isBefore(a) ? b : a));
        return new ArrayList<>(leased.jobs());
    }

    /** The next due time, or the next rate limit slot when that comes first; a slot that has come is answered once. */
    private NextDue withRateSlot(NextDue next) {
        Instant slot = rateSlot.get();
        if (slot == null) {
            return next;
        }
        if (!slot.isAfter(next.storeNow())) {
            rateSlot.compareAndSet(slot, null);
        }
        return next.runAt().isEmpty() || slot.isBefore(next.runAt().get()) ? new NextDue(Optional.of(slot), next.storeNow()) : next;
    }

    @Override
    public NextDue nextDue(QueueLeaseRequest request) {
        return withRateSlot(nextDueOf(request));
    }

    private NextDue nextDueOf(QueueLeaseRequest request) {
        return hotPath.run("reading next due time of a queue", c -> {
            List<Object> lane = new ArrayList<>(List.of(request.namespace(), request.queue()));
            if (request.types().isPresent()) {
                lane.add(textArray(c, request.types().get()));
            }
            List<Object> parameters = new ArrayList<>(lane);
            if (sql.twoLanes) {
                parameters.addAll(lane);
            }
            return Sql.one(c, request.types().isPresent() ? sql.nextDueForWorkerTyped : sql.nextDueForWorker, LeaseRepository::nextDue,
                    parameters.toArray()).orElseThrow();
        });
    }

    @Override
    public NextDue nextDue(Set<String> types, Set<String> executors) {
        return withRateSlot(hotPath.run("reading next due time", c ->
                Sql.one(c, sql.nextDue, LeaseRepository::nextDue, textArray(c, types), textArray(c, executors)).orElseThrow()));
    }

    private static NextDue nextDue(ResultSet rs) throws SQLException {
        return new NextDue(Optional.ofNullable(JobRows.instant(rs, "next_run_at")), JobRows.instant(rs, "store_now"));
    }

    // ---- the lease statements --------------------------------------------------------------------

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, int firstIndex) throws SQLException;
    }

    private List<LeasedJob> leaseRows(Connection c, String oneStatement, String dueIds, LeaseRequest request, int startsAtOnce,
                                      Binder due) throws SQLException {
        return leaseRows(c, oneStatement, dueIds, request.node(), request.leaseDuration(), startsAtOnce, due);
    }

    /**
     * Leases the due rows, the first {@code startsAtOnce} as started: in one statement where the dialect
     * has one, else by selecting the ids and leasing each (the embedded store, whose writes this process
     * serialises).
     */
    private List<LeasedJob> leaseRows(Connection c, String oneStatement, String dueIds, String node, Duration leaseDuration,
                                      int startsAtOnce, Binder due) throws SQLException {
        if (oneStatement != null) {
            try (PreparedStatement ps = c.prepareStatement(oneStatement)) {
                ps.setString(1, node);
                ps.setLong(2, leaseDuration.toMillis());
                ps.setInt(3, startsAtOnce);
                due.bind(ps, 4);
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
                ps.setBoolean(3, leased.size() < startsAtOnce);
                ps.setObject(4, id);
                leased.addAll(readLeased(ps));
            }
        }
        return leased;
    }

    private static List<LeasedJob> readLeased(PreparedStatement ps) throws SQLException {
        List<LeasedJob> leased = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                leased.add(JobRows.leasedJob(rs));
            }
        }
        return leased;
    }

    /** Binds the types and executor kinds a node runs; returns the next parameter index. */
    private static int bindRunsHere(PreparedStatement ps, int i, Connection c, LeaseRequest request) throws SQLException {
        ps.setArray(i, textArray(c, request.types()));
        ps.setArray(i + 1, textArray(c, request.executors()));
        return i + 2;
    }

    private static Array textArray(Connection c, Set<String> values) throws SQLException {
        return c.createArrayOf("varchar", values.toArray());
    }

    // ---- queue rows ------------------------------------------------------------------------------

    private static Optional<Queue> readQueue(Connection c, String namespace, String name, boolean lock) throws SQLException {
        return Sql.one(c, "SELECT * FROM tock_queues WHERE namespace = ? AND name = ?" + (lock ? " FOR UPDATE" : ""),
                JobRows::queue, namespace, name);
    }

    /**
     * Parks the due jobs of a paused queue, at most every {@link #PAUSED_PARK_NANOS} on this node: the
     * unlimited lease then no longer steps over them while the queue stays paused.
     */
    private void parkPaused(Queue queue) {
        if (sql.park == null) {
            return;
        }
        long now = System.nanoTime();
        String key = queue.namespace() + '/' + queue.name();
        Long last = pausedParkedAt.get(key);
        if (last != null && now - last < PAUSED_PARK_NANOS) {
            return;
        }
        pausedParkedAt.put(key, now);
        hotPath.run("parking jobs of paused queue " + queue.name(), c -> {
            Optional<Queue> locked = readQueue(c, queue.namespace(), queue.name(), true);
            if (locked.isPresent() && locked.get().paused()) {
                Sql.update(c, sql.park, queue.namespace(), queue.name());
            }
            return null;
        });
    }

    /**
     * Parks the due jobs of a locked queue that still has limits or key sharing in its own lane, where the
     * dialect parks; false when the queue has neither any more (and is leased as an unlimited one).
     */
    private boolean parkIfLimited(Connection c, Queue locked) throws SQLException {
        if (locked.maxRunning().isEmpty() && locked.sharing().isNone()) {
            return false;
        }
        if (sql.park != null) {
            Sql.update(c, sql.park, locked.namespace(), locked.name());
        }
        return true;
    }

    private static int runningIn(Connection c, Queue queue) throws SQLException {
        return (int) Sql.count(c, "SELECT COUNT(*) FROM tock_jobs WHERE state = 'running' AND namespace = ? AND queue = ?",
                queue.namespace(), queue.name());
    }
}

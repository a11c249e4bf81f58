package dev.tock.store.jdbc;

import dev.tock.model.KeySharing;
import dev.tock.model.LeasedJob;
import dev.tock.model.Queue;
import dev.tock.model.Rate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

/**
 * Leasing from a queue that shares its capacity by concurrency key: per-key running limits, rate limits
 * (GCRA) and weighted fairness (stride scheduling). The caller holds the queue's row lock for the whole
 * transaction, so every node counts, admits and writes the key state one after another: the limits hold
 * exactly across the cluster. A key at its limit is left out of the next candidate query, so it never
 * blocks the keys behind it; a job that is not admitted is neither leased nor written, so no attempt is
 * used up by a limit.
 */
final class KeyedLease {
    /** Candidate rounds per lease: each round admits all its candidates or blocks at least one more key. */
    private static final int MAX_ROUNDS = 16;

    /** Which due jobs of the queue the leaser runs: an SQL condition on {@code j} and its parameters. */
    record DueFilter(String condition, List<Object> parameters) {
    }

    /** Who takes the lease: the node or worker, how long, and how many of the jobs start at once. */
    record Taker(String owner, Duration leaseDuration, int startsAtOnce) {
    }

    private final Dialect dialect;
    private final JobSql sql;
    private final String leaseOrder;

    KeyedLease(Dialect dialect, JobSql sql) {
        this.dialect = dialect;
        this.sql = sql;
        this.leaseOrder = " ORDER BY " + dialect.pendingOrderPrefix() + "j.priority DESC, j.run_at, j.id";
    }

    /**
     * The leased jobs, and when a rate limit that held jobs back next has a slot: the leaser's next look
     * should come then, not only at its poll interval.
     */
    record Leased(List<LeasedJob> jobs, Optional<Instant> nextRateSlot) {
    }

    /** Leases up to {@code room} due jobs of the locked {@code queue} within its key limits, rates and fairness. */
    Leased lease(Connection c, Queue queue, int room, DueFilter filter, Taker taker) throws SQLException {
        Admission admission = Admission.load(c, dialect, queue);
        List<UUID> picked = queue.sharing().fairness().isPresent()
                ? fairPicks(c, queue, room, filter, admission)
                : orderedPicks(c, queue, room, filter, admission);
        admission.save(c);
        return new Leased(leaseIds(c, picked, taker, admission.now), Optional.ofNullable(admission.nextRateSlot));
    }

    /** In lease order across keys, leaving out keys that are blocked. */
    private List<UUID> orderedPicks(Connection c, Queue queue, int room, DueFilter filter, Admission admission)
            throws SQLException {
        List<UUID> picked = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS && picked.size() < room && !admission.stopped(); round++) {
            int want = room - picked.size();
            List<Candidate> candidates = candidates(c, queue, filter, admission.blocked(), Optional.empty(), want);
            boolean skipped = false;
            for (Candidate candidate : candidates) {
                if (admission.stopped()) {
                    break;
                }
                if (!admission.blocked().contains(candidate.key()) && admission.admit(candidate.key())) {
                    picked.add(candidate.id());
                } else {
                    skipped = true;
                }
            }
            // Fewer candidates than asked for: there are no more. All admitted: the room is full.
            if (candidates.size() < want || !skipped) {
                break;
            }
        }
        return picked;
    }

    /**
     * Stride scheduling across the keys with due jobs: each pick goes to the key with the lowest pass,
     * which then advances by 1/weight. A key that arrives (or returns after a quiet spell) starts at the
     * queue's virtual time, so it is served at once but gains nothing for having been absent.
     */
    private List<UUID> fairPicks(Connection c, Queue queue, int room, DueFilter filter, Admission admission) throws SQLException {
        Map<String, Long> ready = readyKeys(c, queue, filter, admission.blocked());
        record Turn(String key, double pass) {
        }
        PriorityQueue<Turn> turns = new PriorityQueue<>((a, b) -> a.pass() != b.pass()
                ? Double.compare(a.pass(), b.pass()) : a.key().compareTo(b.key()));
        Map<String, Double> passes = admission.passes(c, ready.keySet());
        ready.keySet().forEach(key -> turns.add(new Turn(key, passes.get(key))));
        Map<String, Integer> perKey = new LinkedHashMap<>();
        int total = 0;
        while (total < room && !turns.isEmpty() && !admission.stopped()) {
            Turn turn = turns.poll();
            if (!admission.admit(turn.key())) {
                continue;
            }
            admission.served(turn.key(), turn.pass());
            total++;
            int taken = perKey.merge(turn.key(), 1, Integer::sum);
            if (taken < ready.get(turn.key())) {
                turns.add(new Turn(turn.key(), turn.pass() + 1.0 / queue.sharing().fairness().orElseThrow().weightOf(turn.key())));
            }
        }
        List<UUID> picked = new ArrayList<>(total);
        for (Map.Entry<String, Integer> e : perKey.entrySet()) {
            candidates(c, queue, filter, Set.of(), Optional.of(e.getKey()), e.getValue()).forEach(k -> picked.add(k.id()));
        }
        return picked;
    }

    private record Candidate(UUID id, String key) {
    }

    private List<Candidate> candidates(Connection c, Queue queue, DueFilter filter, Set<String> blocked, Optional<String> onlyKey,
                                       int limit) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT j.id, j.concurrency_key FROM tock_jobs j WHERE j.").append(JobSql.PENDING)
                .append(" AND j.run_at <= ").append(dialect.now()).append(sql.limitedLane).append(filter.condition())
                .append(" AND j.namespace = ? AND j.queue = ?");
        List<Object> params = new ArrayList<>(filter.parameters());
        params.add(queue.namespace());
        params.add(queue.name());
        if (!blocked.isEmpty()) {
            q.append(" AND NOT (j.concurrency_key = ANY(?))");
            params.add(c.createArrayOf("varchar", blocked.toArray()));
        }
        onlyKey.ifPresent(key -> {
            q.append(" AND j.concurrency_key = ?");
            params.add(key);
        });
        q.append(leaseOrder).append(" LIMIT ?").append(dialect.skipLockedClause());
        params.add(limit);
        return Sql.list(c, q.toString(), rs -> new Candidate(rs.getObject(1, UUID.class), rs.getString(2)), params.toArray());
    }

    /** How many due jobs each key not blocked has. */
    private Map<String, Long> readyKeys(Connection c, Queue queue, DueFilter filter, Set<String> blocked) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT j.concurrency_key, COUNT(*) FROM tock_jobs j WHERE j.").append(JobSql.PENDING)
                .append(" AND j.run_at <= ").append(dialect.now()).append(sql.limitedLane).append(filter.condition())
                .append(" AND j.namespace = ? AND j.queue = ?");
        List<Object> params = new ArrayList<>(filter.parameters());
        params.add(queue.namespace());
        params.add(queue.name());
        if (!blocked.isEmpty()) {
            q.append(" AND NOT (j.concurrency_key = ANY(?))");
            params.add(c.createArrayOf("varchar", blocked.toArray()));
        }
        q.append(" GROUP BY j.concurrency_key");
        Map<String, Long> ready = new HashMap<>();
        for (Map.Entry<String, Long> e : Sql.list(c, q.toString(), rs -> Map.entry(rs.getString(1), rs.getLong(2)), params.toArray())) {
            ready.put(e.getKey(), e.getValue());
        }
        return ready;
    }

    /** Leases the ids; where one statement can, stamped with {@code admittedAt}, the clock the rate limits used (null: now). */
    private List<LeasedJob> leaseIds(Connection c, List<UUID> ids, Taker taker, Instant admittedAt) throws SQLException {
        List<LeasedJob> leased = new ArrayList<>(ids.size());
        if (ids.isEmpty()) {
            return leased;
        }
        if (sql.leaseByIds != null) {
            try (PreparedStatement ps = c.prepareStatement(sql.leaseByIds)) {
                ps.setString(1, taker.owner());
                JobRows.setInstant(ps, 2, admittedAt);
                JobRows.setInstant(ps, 3, admittedAt);
                ps.setLong(4, taker.leaseDuration().toMillis());
                ps.setInt(5, taker.startsAtOnce());
                ps.setArray(6, c.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        leased.add(JobRows.leasedJob(rs));
                    }
                }
            }
            return leased;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.leaseOne)) {
            for (UUID id : ids) {
                ps.setString(1, taker.owner());
                ps.setLong(2, taker.leaseDuration().toMillis());
                ps.setBoolean(3, leased.size() < taker.startsAtOnce());
                ps.setObject(4, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        leased.add(JobRows.leasedJob(rs));
                    }
                }
            }
        }
        return leased;
    }

    /**
     * What one lease may admit, read under the queue's lock: running counts per key, the queue's and the
     * keys' rate state (GCRA theoretical arrival times) and fair-share passes; changed as jobs are admitted
     * and written back in the same transaction.
     */
    static final class Admission {
        private final Queue queue;
        private final KeySharing sharing;
        private final Instant now;
        private final Map<String, Integer> running;
        private final Set<String> blocked = new HashSet<>();
        private Instant queueTat;
        private boolean queueTatChanged;
        private double virtualTime;
        private boolean virtualTimeChanged;
        private final Map<String, Instant> keyTats = new HashMap<>();
        private final Map<String, Double> passes = new HashMap<>();
        private final Set<String> touched = new HashSet<>();
        private boolean stopped;
        /** The earliest moment a rate limit that holds keys or the queue back admits again; null when none does. */
        private Instant nextRateSlot;

        private Admission(Queue queue, Instant now, Map<String, Integer> running, Instant queueTat, double virtualTime) {
            this.queue = queue;
            this.sharing = queue.sharing();
            this.now = now;
            this.running = running;
            this.queueTat = queueTat;
            this.virtualTime = virtualTime;
        }

        static Admission load(Connection c, Dialect dialect, Queue queue) throws SQLException {
            KeySharing sharing = queue.sharing();
            record QueueState(Instant now, Instant tat, double vtime) {
            }
            // Only rates need the clock and only rates and fairness keep state on the queue: limits alone save the read.
            boolean stateful = sharing.rateLimit().isPresent() || sharing.perKeyRate().isPresent() || sharing.fairness().isPresent();
            QueueState state = !stateful ? new QueueState(null, null, 0) : Sql.one(c, "SELECT " + dialect.now()
                            + " AS store_now, rate_tat, fair_vtime FROM tock_queues WHERE namespace = ? AND name = ?",
                    rs -> new QueueState(JobRows.instant(rs, "store_now"), JobRows.instant(rs, "rate_tat"), rs.getDouble("fair_vtime")),
                    queue.namespace(), queue.name()).orElseThrow();
            Map<String, Integer> running = new HashMap<>();
            if (sharing.limitsKeys()) {
                for (Map.Entry<String, Integer> e : Sql.list(c, "SELECT concurrency_key, COUNT(*) FROM tock_jobs"
                                + " WHERE state = 'running' AND namespace = ? AND queue = ? GROUP BY concurrency_key",
                        rs -> Map.entry(rs.getString(1), rs.getInt(2)), queue.namespace(), queue.name())) {
                    running.put(e.getKey(), e.getValue());
                }
            }
            Admission admission = new Admission(queue, state.now(), running, state.tat(), state.vtime());
            running.forEach((key, n) -> {
                if (sharing.limitOf(key).isPresent() && n >= sharing.limitOf(key).getAsInt()) {
                    admission.blocked.add(key);
                }
            });
            if (sharing.perKeyRate().isPresent()) {
                Rate rate = sharing.perKeyRate().get();
                Instant limit = state.now().plus(rate.toleranceMicros(), ChronoUnit.MICROS);
                // Keys whose arrival time is past now have used some of their burst; past the tolerance, all of it.
                for (Map.Entry<String, Instant> e : Sql.list(c, "SELECT concurrency_key, rate_tat FROM tock_queue_keys"
                                + " WHERE namespace = ? AND queue = ? AND rate_tat > ?",
                        rs -> Map.entry(rs.getString(1), JobRows.instant(rs, "rate_tat")), queue.namespace(), queue.name(),
                        (state.now()))) {
                    admission.keyTats.put(e.getKey(), e.getValue());
                    if (e.getValue().isAfter(limit)) {
                        admission.blocked.add(e.getKey());
                        admission.rateSlotAt(rate.nextSlot(Optional.of(e.getValue()), state.now()));
                    }
                }
            }
            return admission;
        }

        Set<String> blocked() {
            return blocked;
        }

        private void rateSlotAt(Instant slot) {
            if (nextRateSlot == null || slot.isBefore(nextRateSlot)) {
                nextRateSlot = slot;
            }
        }

        /** The queue's rate limit has no slot left: nothing more is admitted in this lease. */
        boolean stopped() {
            return stopped;
        }

        /** Admits one job of {@code key}, counting it; false (and the key blocked) when the key may take no more. */
        boolean admit(String key) throws SQLException {
            int n = running.getOrDefault(key, 0);
            if (sharing.limitOf(key).isPresent() && n >= sharing.limitOf(key).getAsInt()) {
                blocked.add(key);
                return false;
            }
            Optional<Instant> keyTat = Optional.empty();
            if (sharing.perKeyRate().isPresent()) {
                keyTat = Gcra.next(sharing.perKeyRate().get(), keyTats.get(key), now);
                if (keyTat.isEmpty()) {
                    blocked.add(key);
                    rateSlotAt(sharing.perKeyRate().get().nextSlot(Optional.ofNullable(keyTats.get(key)), now));
                    return false;
                }
            }
            if (sharing.rateLimit().isPresent()) {
                Optional<Instant> next = Gcra.next(sharing.rateLimit().get(), queueTat, now);
                if (next.isEmpty()) {
                    stopped = true;
                    rateSlotAt(sharing.rateLimit().get().nextSlot(Optional.ofNullable(queueTat), now));
                    return false;
                }
                queueTat = next.get();
                queueTatChanged = true;
            }
            keyTat.ifPresent(tat -> {
                keyTats.put(key, tat);
                touched.add(key);
            });
            running.put(key, n + 1);
            if (sharing.limitOf(key).isPresent() && n + 1 >= sharing.limitOf(key).getAsInt()) {
                blocked.add(key);
            }
            return true;
        }

        /** The fair-share passes of the keys, each at least the queue's virtual time. */
        Map<String, Double> passes(Connection c, Set<String> keys) throws SQLException {
            if (!keys.isEmpty()) {
                for (Map.Entry<String, Double> e : Sql.list(c, "SELECT concurrency_key, fair_pass FROM tock_queue_keys"
                                + " WHERE namespace = ? AND queue = ? AND concurrency_key = ANY(?)",
                        rs -> Map.entry(rs.getString(1), rs.getDouble(2)), queue.namespace(), queue.name(),
                        c.createArrayOf("varchar", keys.toArray()))) {
                    passes.put(e.getKey(), e.getValue());
                }
            }
            Map<String, Double> result = new HashMap<>();
            keys.forEach(key -> result.put(key, Math.max(virtualTime, passes.getOrDefault(key, virtualTime))));
            return result;
        }

        /** A job of {@code key} was picked at {@code pass}: the key moves on by its stride, the queue's time to the pass. */
        void served(String key, double pass) {
            int weight = sharing.fairness().orElseThrow().weightOf(key);
            passes.put(key, pass + 1.0 / weight);
            touched.add(key);
            if (pass > virtualTime) {
                virtualTime = pass;
            }
            virtualTimeChanged = true;
        }

        void save(Connection c) throws SQLException {
            if (queueTatChanged || virtualTimeChanged) {
                Sql.update(c, "UPDATE tock_queues SET rate_tat = ?, fair_vtime = ? WHERE namespace = ? AND name = ?",
                        queueTat == null ? new Sql.Null(Types.TIMESTAMP_WITH_TIMEZONE) : (queueTat), virtualTime,
                        queue.namespace(), queue.name());
            }
            for (String key : touched) {
                Instant tat = keyTats.get(key);
                Object tatParam = tat == null ? new Sql.Null(Types.TIMESTAMP_WITH_TIMEZONE) : (tat);
                double pass = passes.getOrDefault(key, 0.0);
                Sql.insertOrUpdate(c,
                        "INSERT INTO tock_queue_keys (rate_tat, fair_pass, namespace, queue, concurrency_key) VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT DO NOTHING",
                        new Object[] {tatParam, pass, queue.namespace(), queue.name(), key},
                        "UPDATE tock_queue_keys SET rate_tat = COALESCE(?, rate_tat), fair_pass = ?"
                                + " WHERE namespace = ? AND queue = ? AND concurrency_key = ?",
                        new Object[] {tatParam, pass, queue.namespace(), queue.name(), key});
            }
        }
    }

}

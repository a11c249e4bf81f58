package dev.tock.store.jdbc;

import dev.tock.model.JobId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where finished jobs go on PostgreSQL: {@code tock_job_history}, partitioned by the UTC day a job finished, so
 * that {@code tock_jobs} holds the unfinished work (and the last minute's finished jobs) however many jobs the
 * store keeps, and retention drops whole days instead of deleting rows.
 *
 * <p>Store maintenance moves finished jobs a batch at a time ({@link #archive}), each batch one statement: a job
 * is in one table or the other, never both, and reads through {@code tock_jobs_all} see it once. Jobs that set
 * their own retention stay in {@code tock_jobs} until it passes, and so do a schedule's runs: its history limits
 * bound how many there are, and its fires prune them on the hot path, where reading the history would cost a look
 * into every day's partition per run. A job that changes again (retried) moves back
 * first ({@link #restore}). An idempotency key stays taken while its job is in the history ({@link #keyHolders}).
 * What moved jobs did is counted by the minute as they move ({@link PrunedActivity}'s counters), so that the
 * dashboard's throughput and queue counts never read the history.
 */
final class PartitionedJobHistory implements JobHistory {
    private static final String PARTITION = "tock_job_history_p";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** Partitions are made and dropped by one node at a time, whichever runs maintenance. */
    private static final long PARTITION_LOCK = 0x746f636b68697374L;
    private static final String FINISHED = "state IN ('succeeded', 'dead', 'cancelled')";
    private static final String ARCHIVE = "WITH moved AS (DELETE FROM tock_jobs WHERE id IN (SELECT id FROM tock_jobs"
            + " WHERE finished_at < ? AND " + FINISHED + " AND retention_ms IS NULL AND schedule_name IS NULL LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED)"
            + " RETURNING *), stored AS (INSERT INTO tock_job_history SELECT * FROM moved RETURNING 1),"
            // Counted by the minute as they leave, in key order (as PrunedActivity locks counters), so that throughput
            // and queue counts read the few rows still here and these counters, never the history itself.
            + " counted AS (INSERT INTO tock_pruned_activity AS p (namespace, minute_start, queue, kind, total)"
            + " SELECT namespace, date_trunc('minute', finished_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', queue, state, COUNT(*)"
            + " FROM moved WHERE finished_at >= ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
            + " ON CONFLICT (namespace, minute_start, queue, kind) DO UPDATE SET total = p.total + EXCLUDED.total RETURNING 1)"
            + " SELECT COUNT(*) FROM stored";

    /** Every column of tock_jobs but the generated ones, in order: the list a job moving back is inserted with. */
    private volatile String restore;

    @Override
    public boolean kept() {
        return true;
    }

    @Override
    public void ensurePartitions(Connection c, Instant now) throws SQLException {
        Sql.one(c, "SELECT pg_advisory_xact_lock(?)", rs -> 1, PARTITION_LOCK);
        LocalDate last = today(now).plusDays(DAYS_AHEAD);
        LocalDate next = partitionDays(c).stream().max(LocalDate::compareTo).map(d -> d.plusDays(1)).orElse(null);
        if (next == null) {
            next = firstDay(c);
        }
        for (LocalDate day = next; !day.isAfter(last); day = day.plusDays(1)) {
            Sql.update(c, "CREATE TABLE " + PARTITION + DAY.format(day) + " PARTITION OF tock_job_history FOR VALUES FROM ('"
                    + start(day) + "') TO ('" + start(day.plusDays(1)) + "')");
        }
    }

    @Override
    public List<String> vacuumStatements(Connection c, Instant now) throws SQLException {
        LocalDate today = today(now);
        List<String> statements = new ArrayList<>();
        for (LocalDate day : partitionDays(c)) {
            if (!day.isBefore(today.minusDays(1)) && !day.isAfter(today)) {
                statements.add("VACUUM (ANALYZE, SKIP_LOCKED) " + PARTITION + DAY.format(day));
            }
        }
        statements.add("VACUUM (ANALYZE, SKIP_LOCKED) tock_job_history_before");
        return statements;
    }

    @Override
    public int archive(Connection c, Instant before) throws SQLException {
        return (int) Sql.count(c, ARCHIVE, before, before.minus(PrunedActivity.RETENTION));
    }

    @Override
    public int deleteExpired(Connection c, Instant cutoff) throws SQLException {
        Sql.one(c, "SELECT pg_advisory_xact_lock(?)", rs -> 1, PARTITION_LOCK);
        // Dropping a partition locks the whole history for a moment: wait for readers briefly, else try next time.
        Sql.update(c, "SET LOCAL lock_timeout = '5s'");
        int gone = 0;
        for (LocalDate day : partitionDays(c)) {
            if (!start(day.plusDays(1)).isAfter(cutoff)) {
                String partition = PARTITION + DAY.format(day);
                Sql.update(c, "DELETE FROM tock_attempts a USING " + partition + " h WHERE a.job_id = h.id");
                Sql.update(c, "DELETE FROM tock_schedule_jobs s USING " + partition + " h WHERE s.job_id = h.id");
                Sql.update(c, "DROP TABLE " + partition);
                gone++;
            }
        }
        List<UUID> old = Sql.list(c, "SELECT id FROM tock_job_history_before WHERE finished_at < ? LIMIT " + BATCH,
                rs -> rs.getObject(1, UUID.class), cutoff);
        delete(c, old);
        return gone + old.size();
    }

    /** Deletes jobs from the history, with their failed attempts and schedule links. */
    private void delete(Connection c, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        UUID[] array = ids.toArray(UUID[]::new);
        for (String delete : List.of("DELETE FROM tock_attempts WHERE job_id = ANY(?)", "DELETE FROM tock_schedule_jobs WHERE job_id = ANY(?)",
                "DELETE FROM tock_job_history WHERE id = ANY(?)")) {
            try (var ps = c.prepareStatement(delete)) {
                ps.setArray(1, c.createArrayOf("uuid", array));
                ps.executeUpdate();
            }
        }
    }

    @Override
    public boolean restore(Connection c, JobId id) throws SQLException {
        return Sql.count(c, restoreSql(c), id.value()) == 1;
    }

    @Override
    public Optional<String> state(Connection c, JobId id) throws SQLException {
        return Sql.one(c, "SELECT state FROM tock_job_history WHERE id = ?", rs -> rs.getString(1), id.value());
    }

    @Override
    public Map<String, JobId> keyHolders(Connection c, String namespace, Set<String> keys) throws SQLException {
        return JobWriter.keyHolders(c, "tock_job_history", namespace, keys);
    }

    private String restoreSql(Connection c) throws SQLException {
        String sql = restore;
        if (sql == null) {
            List<String> columns = Sql.list(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                    + " AND table_name = 'tock_jobs' AND is_generated = 'NEVER' ORDER BY ordinal_position", rs -> rs.getString(1));
            String list = String.join(", ", columns);
            sql = "WITH back AS (DELETE FROM tock_job_history WHERE id = ? RETURNING *), stored AS (INSERT INTO tock_jobs (" + list
                    + ") SELECT " + list + " FROM back RETURNING 1) SELECT COUNT(*) FROM stored";
            restore = sql;
        }
        return sql;
    }

    /** The days that have a partition. */
    private static List<LocalDate> partitionDays(Connection c) throws SQLException {
        List<String> names = Sql.list(c, "SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid"
                + " WHERE i.inhparent = 'tock_job_history'::regclass AND p.relname LIKE '" + PARTITION + "%'", rs -> rs.getString(1));
        List<LocalDate> days = new ArrayList<>(names.size());
        for (String name : names) {
            days.add(LocalDate.parse(name.substring(PARTITION.length()), DAY));
        }
        return days;
    }

    /** The day the partition of the jobs that finished before the history existed ends: the day the migration made it. */
    private static LocalDate firstDay(Connection c) throws SQLException {
        Instant end = Sql.one(c, "SELECT (regexp_match(pg_get_expr(relpartbound, oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz"
                + " AS bound FROM pg_class WHERE oid = 'tock_job_history_before'::regclass", rs -> JobRows.instant(rs, "bound")).orElseThrow();
        return today(end);
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}

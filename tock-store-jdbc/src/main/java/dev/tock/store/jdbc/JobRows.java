package dev.tock.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.Executor;
import dev.tock.model.ExecutorJson;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.KeyAssignment;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.Queue;
import dev.tock.model.RetryPolicy;
import dev.tock.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Maps rows to model records and model values to parameters. */
final class JobRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };

    private JobRows() {
    }

    /**
     * A job row as stored: its state column, except that a running job whose handler has not started is
     * {@link JobState#LEASED}. A scheduled job stays scheduled: telling a due one as ready takes the store's
     * clock, which {@link #shownJob} reads.
     */
    static Job job(ResultSet rs) throws SQLException {
        JobState stored = JobState.fromWireName(rs.getString("state"));
        return job(rs, stored == JobState.RUNNING && !rs.getBoolean("handler_started") ? JobState.LEASED : stored);
    }

    /** A job row selected with {@link JobSql#shownState} as {@code shown_state}: the state as people read it. */
    static Job shownJob(ResultSet rs) throws SQLException {
        return job(rs, JobState.fromWireName(rs.getString("shown_state")));
    }

    private static Job job(ResultSet rs, JobState state) throws SQLException {
        RetryPolicy retry = new RetryPolicy(rs.getInt("max_attempts"), Duration.ofMillis(rs.getLong("backoff_initial_ms")),
                Duration.ofMillis(rs.getLong("backoff_max_ms")), rs.getDouble("backoff_multiplier"), rs.getDouble("backoff_jitter"));
        long timeoutMs = rs.getLong("timeout_ms");
        Optional<Duration> timeout = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(timeoutMs));
        long deadlineMs = rs.getLong("active_deadline_ms");
        Optional<Duration> activeDeadline = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(deadlineMs));
        long retentionMs = rs.getLong("retention_ms");
        Optional<Duration> retention = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(retentionMs));
        return new Job(
                new JobId(rs.getObject("id", UUID.class)),
                rs.getString("namespace"),
                rs.getString("queue"),
                rs.getString("type"),
                rs.getString("payload"),
                rs.getInt("priority"),
                state,
                instant(rs, "run_at"),
                instant(rs, "created_at"),
                Optional.ofNullable(instant(rs, "finished_at")),
                rs.getInt("attempts"),
                retry,
                timeout,
                Optional.ofNullable(rs.getString("idempotency_key")),
                labels(rs.getString("labels")),
                Optional.ofNullable(rs.getString("lease_owner")),
                Optional.ofNullable(rs.getString("last_error")),
                rs.getInt("attempts_before_retry"),
                executor(rs.getString("executor")),
                Optional.ofNullable(instant(rs, "nominal_time")),
                activeDeadline,
                Optional.ofNullable(instant(rs, "run_started_at")),
                retention,
                new KeyAssignment(rs.getString("concurrency_key"), Optional.ofNullable(rs.getString("concurrency_key_note"))));
    }

    /** A row of a running job, with its lease. */
    static LeasedJob leasedJob(ResultSet rs) throws SQLException {
        Job job = job(rs);
        return new LeasedJob(job, new LeaseRef(job.id(), rs.getLong("lease_token")), instant(rs, "leased_at"),
                instant(rs, "lease_expires_at"));
    }

    private static Optional<Executor> executor(String json) {
        try {
            return ExecutorJson.parse(json);
        } catch (RuntimeException e) {
            throw new StoreException("stored executor is unreadable: " + json, e);
        }
    }

    /** The stored JSON of a job's executor, or null. */
    static String executorJson(Optional<Executor> executor) {
        return executor.map(ExecutorJson::text).orElse(null);
    }

    static Attempt attempt(ResultSet rs) throws SQLException {
        return new Attempt(
                new JobId(rs.getObject("job_id", UUID.class)),
                rs.getInt("attempt"),
                rs.getString("node"),
                instant(rs, "started_at"),
                instant(rs, "ended_at"),
                AttemptOutcome.fromWireName(rs.getString("outcome")),
                Optional.ofNullable(rs.getString("error")),
                Optional.ofNullable(rs.getString("output")));
    }

    /** The parameters of {@link JobSql#insertAttemptAtNow}: an attempt that ends now (cancelled, or its lease expired). */
    static Object[] attemptAtNow(UUID jobId, int attempt, String node, Instant startedAt, AttemptOutcome outcome, String error) {
        return new Object[] {jobId, attempt, node == null ? "unknown" : node, Sql.orNull(startedAt, Types.TIMESTAMP_WITH_TIMEZONE),
                outcome.wireName(), error};
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Microseconds since the epoch, rounded to the nearest as the database rounds a timestamp it reads. */
    static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1000);
    }

    /**
     * The timestamp that {@code micros}, an SQL expression of {@link #epochMicros} (null stays null), stands for:
     * times bound this way are neither formatted nor parsed as text on either side.
     */
    static String timestampFromMicros(String micros) {
        return "(TIMESTAMPTZ 'epoch' + " + micros + " * INTERVAL '1 microsecond')";
    }

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    /** Binds a lease's job id and token, the two parameters of every fenced write. */
    static void bindLease(PreparedStatement ps, int index, LeaseRef lease) throws SQLException {
        ps.setObject(index, lease.jobId().value());
        ps.setLong(index + 1, lease.leaseToken());
    }

    static String labelsJson(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write labels as JSON", e);
        }
    }

    /**
     * A LIKE pattern (escape character {@code !}) that matches the stored labels JSON of every job
     * carrying this label. Stored labels are written by {@link #labelsJson} without spaces, and keys
     * cannot hold quotes while quotes in values are escaped, so {@code "key":"value"} with unescaped
     * quotes occurs in the text only as that label.
     */
    static String labelPattern(String key, String value) {
        try {
            String pair = JSON.writeValueAsString(key) + ":" + JSON.writeValueAsString(value);
            return "%" + pair.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write a label as JSON", e);
        }
    }

    private static Map<String, String> labels(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Map.copyOf(JSON.readValue(json, LABELS));
        } catch (JsonProcessingException e) {
            throw new StoreException("stored labels are not a JSON object of strings: " + json, e);
        }
    }

    static Queue queue(ResultSet rs) throws SQLException {
        int max = rs.getInt("max_running");
        OptionalInt limit = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(max);
        return new Queue(rs.getString("namespace"), rs.getString("name"), limit, rs.getBoolean("paused"),
                SharingJson.parse(rs.getString("sharing")));
    }
}

package dev.tock.store.jdbc;

import dev.tock.alert.Alert;
import dev.tock.alert.AlertObject;
import dev.tock.alert.AlertState;
import dev.tock.alert.Backlog;
import dev.tock.alert.Notification;
import dev.tock.alert.RunOutcome;
import dev.tock.alert.RunRecord;
import dev.tock.alert.StoredSpec;
import dev.tock.alert.SubjectKind;
import dev.tock.alert.Transition;
import dev.tock.store.AlertStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The alert tables ({@code tock_alert_rules}, {@code _channels}, {@code _silences}, {@code tock_alerts},
 * {@code tock_alert_outbox}) and the reads of runs that rules evaluate. A transition and its outbox rows are
 * written in one transaction; the unique keys on alerts ({@code open_key}, {@code dedup_key}) and on the
 * outbox ({@code notify_key}) make concurrent evaluators record each transition once.
 */
final class AlertRepository implements AlertStore {
    private static final String ALERTS = "SELECT id, namespace, rule, condition_type, subject, occurrence, state, severity, summary,"
            + " fired_at, resolved_at, acknowledged_at, acknowledged_by, re_alerts, last_notified_at FROM tock_alerts ";
    private static final String OUTBOX = "SELECT o.id AS o_id, o.notify_key, o.channel_namespace, o.channel, o.transition,"
            + " o.state AS o_state, o.attempts, o.last_error, o.created_at, o.sent_at, a.id, a.namespace, a.rule, a.condition_type,"
            + " a.subject, a.occurrence, a.state, a.severity, a.summary, a.fired_at, a.resolved_at, a.acknowledged_at,"
            + " a.acknowledged_by, a.re_alerts, a.last_notified_at FROM tock_alert_outbox o JOIN tock_alerts a ON a.id = o.alert_id ";
    /** A job's first start: its earliest failed attempt, else its successful one, else its current lease's. */
    private static final String STARTED = "COALESCE((SELECT MIN(t.started_at) FROM tock_attempts t WHERE t.job_id = j.id),"
            + " j.success_started_at, j.leased_at)";
    private final Transactions tx;
    private final Dialect dialect;
    private final NamespaceRepository namespaces;

    AlertRepository(Transactions tx, Dialect dialect, NamespaceRepository namespaces) {
        this.tx = tx;
        this.dialect = dialect;
        this.namespaces = namespaces;
    }

    private static String table(AlertObject kind) {
        return switch (kind) {
            case RULE -> "tock_alert_rules";
            case CHANNEL -> "tock_alert_channels";
            case SILENCE -> "tock_alert_silences";
        };
    }

    @Override
    public boolean save(AlertObject kind, String namespace, String name, String specJson) {
        namespaces.require(namespace);
        String table = table(kind);
        Object[] row = {specJson, namespace, name};
        return tx.run("saving " + table, c -> Sql.insertOrUpdate(c,
                "INSERT INTO " + table + " (spec, namespace, name, created_at, updated_at) VALUES (?, ?, ?, " + dialect.now() + ", "
                        + dialect.now() + ") ON CONFLICT DO NOTHING", row,
                "UPDATE " + table + " SET spec = ?, updated_at = " + dialect.now() + " WHERE namespace = ? AND name = ?", row));
    }

    @Override
    public Optional<StoredSpec> find(AlertObject kind, String namespace, String name) {
        return tx.one("reading " + table(kind), "SELECT namespace, name, spec, created_at, updated_at FROM " + table(kind)
                + " WHERE namespace = ? AND name = ?", AlertRepository::spec, namespace, name);
    }

    @Override
    public List<StoredSpec> list(AlertObject kind, Optional<String> namespace) {
        String select = "SELECT namespace, name, spec, created_at, updated_at FROM " + table(kind);
        return namespace.isPresent()
                ? tx.list("listing " + table(kind), select + " WHERE namespace = ? ORDER BY name", AlertRepository::spec, namespace.get())
                : tx.list("listing " + table(kind), select + " ORDER BY namespace, name", AlertRepository::spec);
    }

    @Override
    public boolean delete(AlertObject kind, String namespace, String name) {
        return tx.update("deleting from " + table(kind), "DELETE FROM " + table(kind) + " WHERE namespace = ? AND name = ?",
                namespace, name) == 1;
    }

    @Override
    public long ruleCount() {
        return tx.run("counting alert rules", c -> Sql.count(c, "SELECT COUNT(*) FROM tock_alert_rules"));
    }

    @Override
    public boolean fire(Alert a, List<Notification> notifications) {
        return tx.run("recording a firing alert", c -> {
            int inserted = Sql.update(c, "INSERT INTO tock_alerts (id, namespace, rule, condition_type, subject, occurrence, state,"
                            + " severity, summary, open_key, dedup_key, fired_at, re_alerts, last_notified_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, ?, 0, ?) ON CONFLICT DO NOTHING",
                    a.id(), a.namespace(), a.rule(), a.condition(), a.subject(), a.occurrence(), a.severity(), a.summary(),
                    a.openKey(), a.dedupKey(), a.firedAt(), a.firedAt());
            if (inserted == 1) {
                insertOutbox(c, notifications);
            }
            return inserted == 1;
        });
    }

    @Override
    public boolean resolve(UUID alertId, Instant at, List<Notification> notifications) {
        return tx.run("resolving an alert", c -> {
            int updated = Sql.update(c, "UPDATE tock_alerts SET state = 'resolved', open_key = NULL, resolved_at = ?,"
                    + " last_notified_at = ? WHERE id = ? AND state = 'firing'", at, at, alertId);
            if (updated == 1) {
                insertOutbox(c, notifications);
            }
            return updated == 1;
        });
    }

    @Override
    public boolean reAlert(UUID alertId, int seen, Instant at, List<Notification> notifications) {
        return tx.run("repeating an alert", c -> {
            int updated = Sql.update(c, "UPDATE tock_alerts SET re_alerts = re_alerts + 1, last_notified_at = ?"
                    + " WHERE id = ? AND state = 'firing' AND re_alerts = ?", at, alertId, seen);
            if (updated == 1) {
                insertOutbox(c, notifications);
            }
            return updated == 1;
        });
    }

    private static void insertOutbox(Connection c, List<Notification> notifications) throws SQLException {
        Sql.batch(c, "INSERT INTO tock_alert_outbox (id, notify_key, alert_id, channel_namespace, channel, transition, state,"
                        + " attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", notifications,
                n -> new Object[] {n.id(), n.key(), n.alert().id(), n.channelNamespace(), n.channel(), n.transition().wireName(),
                        n.state(), n.createdAt(), n.createdAt()});
    }

    @Override
    public boolean acknowledge(String namespace, UUID alertId, String by, Instant at) {
        return tx.update("acknowledging an alert", "UPDATE tock_alerts SET acknowledged_at = ?, acknowledged_by = ?"
                + " WHERE namespace = ? AND id = ?", at, by, namespace, alertId) == 1;
    }

    @Override
    public List<Alert> firing() {
        return tx.list("reading firing alerts", ALERTS + "WHERE state = 'firing' ORDER BY fired_at", AlertRepository::alert);
    }

    @Override
    public List<Alert> alerts(String namespace, Optional<AlertState> state, int limit) {
        return state.isPresent()
                ? tx.list("listing alerts", ALERTS + "WHERE namespace = ? AND state = ? ORDER BY fired_at DESC, id LIMIT ?",
                        AlertRepository::alert, namespace, state.get().wireName(), limit)
                : tx.list("listing alerts", ALERTS + "WHERE namespace = ? ORDER BY fired_at DESC, id LIMIT ?", AlertRepository::alert,
                        namespace, limit);
    }

    @Override
    public Optional<Alert> findAlert(String namespace, UUID id) {
        return tx.one("reading an alert", ALERTS + "WHERE namespace = ? AND id = ?", AlertRepository::alert, namespace, id);
    }

    @Override
    public List<Notification> notifications(UUID alertId) {
        return tx.list("reading notifications", OUTBOX + "WHERE o.alert_id = ? ORDER BY o.created_at, o.notify_key",
                AlertRepository::notification, alertId);
    }

    @Override
    public List<Notification> claim(String node, Duration lease, int limit) {
        String due = " state = 'pending' AND next_attempt_at <= " + dialect.now()
                + " AND (lease_expires_at IS NULL OR lease_expires_at < " + dialect.now() + ")";
        return tx.run("claiming notifications", c -> {
            List<UUID> candidates = Sql.list(c, "SELECT id FROM tock_alert_outbox WHERE" + due + " ORDER BY next_attempt_at LIMIT ?",
                    rs -> rs.getObject(1, UUID.class), limit);
            List<Notification> claimed = new ArrayList<>();
            for (UUID id : candidates) {
                int won = Sql.update(c, "UPDATE tock_alert_outbox SET lease_owner = ?, lease_expires_at = "
                        + dialect.plusMillis(dialect.now()) + ", attempts = attempts + 1 WHERE id = ? AND" + due,
                        node, (double) lease.toMillis(), id);
                if (won == 1) {
                    Sql.one(c, OUTBOX + "WHERE o.id = ?", AlertRepository::notification, id).ifPresent(claimed::add);
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean sent(UUID id, String node) {
        return tx.update("marking a notification sent", "UPDATE tock_alert_outbox SET state = 'sent', sent_at = " + dialect.now()
                + ", lease_owner = NULL, lease_expires_at = NULL, last_error = NULL WHERE id = ? AND lease_owner = ? AND state = 'pending'",
                id, node) == 1;
    }

    @Override
    public void failed(UUID id, String node, Optional<Instant> at, String error) {
        if (at.isPresent()) {
            tx.update("retrying a notification", "UPDATE tock_alert_outbox SET next_attempt_at = ?, last_error = ?, lease_owner = NULL,"
                    + " lease_expires_at = NULL WHERE id = ? AND lease_owner = ? AND state = 'pending'", at.get(), error, id, node);
        } else {
            tx.update("giving up a notification", "UPDATE tock_alert_outbox SET state = 'failed', last_error = ?, lease_owner = NULL,"
                    + " lease_expires_at = NULL WHERE id = ? AND lease_owner = ? AND state = 'pending'", error, id, node);
        }
    }

    @Override
    public List<RunRecord> scheduleRuns(String namespace, String schedule, int limit) {
        return tx.list("reading a schedule's runs", "SELECT f.nominal_time, f.outcome, COALESCE(j.state, f.run_state) AS state, j.finished_at, " + STARTED
                + " AS started FROM tock_schedule_fires f LEFT JOIN tock_jobs j ON j.id = f.job_id"
                + " WHERE f.namespace = ? AND f.schedule = ? AND f.manual = FALSE ORDER BY f.nominal_time DESC LIMIT ?", rs -> {
                    Instant nominal = JobRows.instant(rs, "nominal_time");
                    String fire = rs.getString("outcome");
                    RunOutcome outcome = fire.equals("fired") ? outcome(rs.getString("state")) : RunOutcome.MISSED;
                    return new RunRecord(nominal.toString(), nominal, outcome, Optional.ofNullable(JobRows.instant(rs, "started")),
                            Optional.ofNullable(JobRows.instant(rs, "finished_at")));
                }, namespace, schedule, limit);
    }

    @Override
    public List<RunRecord> jobRuns(String namespace, SubjectKind kind, String name, int limit) {
        return tx.list("reading runs of " + kind.wireName() + " " + name, "SELECT j.id, j.run_at, j.state, j.finished_at, " + STARTED
                + " AS started FROM tock_jobs_all j WHERE j.namespace = ?" + filter(kind, name) + " ORDER BY j.created_at DESC LIMIT ?",
                rs -> new RunRecord(rs.getObject("id", UUID.class).toString(), JobRows.instant(rs, "run_at"), outcome(rs.getString("state")),
                        Optional.ofNullable(JobRows.instant(rs, "started")), Optional.ofNullable(JobRows.instant(rs, "finished_at"))),
                params(namespace, kind, name, limit));
    }

    @Override
    public Optional<Instant> lastSuccess(String namespace, SubjectKind kind, String name) {
        return tx.one("reading the last success of " + kind.wireName() + " " + name, "SELECT MAX(j.finished_at) AS t FROM tock_jobs_all j"
                + " WHERE j.namespace = ? AND j.state = 'succeeded'" + filter(kind, name), rs -> Optional.ofNullable(JobRows.instant(rs, "t")),
                params(namespace, kind, name)).flatMap(t -> t);
    }

    @Override
    public Backlog backlog(String namespace, SubjectKind kind, String name, Instant now) {
        return tx.run("reading the backlog of " + kind.wireName() + " " + name, c -> {
            Object[] params = params(namespace, kind, name, now);
            String where = " FROM tock_jobs j WHERE j.namespace = ?" + filter(kind, name) + " AND j.state IN ('ready', 'scheduled', 'failed')"
                    + " AND j.run_at <= ?";
            long ready = Sql.count(c, "SELECT COUNT(*)" + where, params);
            Optional<String[]> oldest = Sql.one(c, "SELECT j.id, j.run_at" + where + " ORDER BY j.run_at, j.id LIMIT 1",
                    rs -> new String[] {rs.getObject("id", UUID.class).toString(), JobRows.instant(rs, "run_at").toString()}, params);
            Optional<Instant> lastStart = Sql.one(c, "SELECT MAX(j.leased_at) AS t FROM tock_jobs_all j WHERE j.namespace = ?" + filter(kind, name),
                    rs -> Optional.ofNullable(JobRows.instant(rs, "t")), params(namespace, kind, name)).flatMap(t -> t);
            return new Backlog(ready, oldest.map(o -> Instant.parse(o[1])), oldest.map(o -> o[0]), lastStart);
        });
    }

    private static String filter(SubjectKind kind, String name) {
        return switch (kind) {
            // Through the schedule's own job list (its primary key), not a scan of every job.
            case SCHEDULE -> " AND j.id IN (SELECT sj.job_id FROM tock_schedule_jobs sj WHERE sj.namespace = j.namespace AND sj.schedule = ?)";
            case QUEUE -> " AND j.queue = ?";
            case JOB -> name.equals("*") ? "" : " AND j.type = ?";
            case MONITOR -> throw new IllegalArgumentException("a monitor has no jobs: its runs are its pings");
            case WORKFLOW -> throw new IllegalArgumentException("a workflow's runs are read from the workflow store");
        };
    }

    private static Object[] params(String namespace, SubjectKind kind, String name, Object... more) {
        List<Object> params = new ArrayList<>();
        params.add(namespace);
        if (!(kind == SubjectKind.JOB && name.equals("*"))) {
            params.add(name);
        }
        params.addAll(List.of(more));
        return params.toArray();
    }

    private static RunOutcome outcome(String jobState) {
        if (jobState == null) {
            return RunOutcome.UNKNOWN;
        }
        return switch (jobState) {
            case "succeeded" -> RunOutcome.SUCCEEDED;
            case "dead" -> RunOutcome.FAILED;
            case "running" -> RunOutcome.RUNNING;
            case "cancelled" -> RunOutcome.CANCELLED;
            default -> RunOutcome.PENDING;
        };
    }

    private static StoredSpec spec(ResultSet rs) throws SQLException {
        return new StoredSpec(rs.getString("namespace"), rs.getString("name"), rs.getString("spec"), JobRows.instant(rs, "created_at"),
                JobRows.instant(rs, "updated_at"));
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getObject("id", UUID.class), rs.getString("namespace"), rs.getString("rule"), rs.getString("condition_type"),
                rs.getString("subject"), rs.getString("occurrence"), AlertState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getString("severity"), rs.getString("summary"), JobRows.instant(rs, "fired_at"),
                Optional.ofNullable(JobRows.instant(rs, "resolved_at")), Optional.ofNullable(JobRows.instant(rs, "acknowledged_at")),
                Optional.ofNullable(rs.getString("acknowledged_by")), rs.getInt("re_alerts"), JobRows.instant(rs, "last_notified_at"));
    }

    private static Notification notification(ResultSet rs) throws SQLException {
        return new Notification(rs.getObject("o_id", UUID.class), rs.getString("notify_key"), rs.getString("channel_namespace"),
                rs.getString("channel"), Transition.valueOf(rs.getString("transition").toUpperCase(Locale.ROOT)), alert(rs),
                rs.getString("o_state"), rs.getInt("attempts"), Optional.ofNullable(rs.getString("last_error")),
                JobRows.instant(rs, "created_at"), Optional.ofNullable(JobRows.instant(rs, "sent_at")));
    }
}

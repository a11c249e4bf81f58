package dev.tock.store;

import dev.tock.alert.Alert;
import dev.tock.alert.AlertObject;
import dev.tock.alert.AlertState;
import dev.tock.alert.Backlog;
import dev.tock.alert.Notification;
import dev.tock.alert.RunRecord;
import dev.tock.alert.StoredSpec;
import dev.tock.alert.SubjectKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Alert rules, channels and silences; the alerts they raise; the outbox of notifications; and the reads of
 * runs and backlogs that rules evaluate. Every transition of an alert and its notifications are written in
 * one transaction, guarded by unique keys, so that any number of nodes evaluating the same rule record and
 * notify each transition once.
 */
public interface AlertStore {

    /** Creates or replaces a rule's, channel's or silence's spec; true when this call created it. */
    boolean save(AlertObject kind, String namespace, String name, String specJson);

    Optional<StoredSpec> find(AlertObject kind, String namespace, String name);

    /** A namespace's objects of a kind by name, or every namespace's when {@code namespace} is empty. */
    List<StoredSpec> list(AlertObject kind, Optional<String> namespace);

    boolean delete(AlertObject kind, String namespace, String name);

    /** How many rules exist, in all namespaces: evaluation does nothing more when there are none. */
    long ruleCount();

    /**
     * Records a new firing alert and its notifications, unless its occurrence was alerted before or an alert of
     * the same rule, condition and subject is still firing ({@link Alert#openKey}).
     *
     * @param notifications one per channel; each with a unique key
     * @return whether this call recorded it (false: another node or an earlier evaluation did)
     */
    boolean fire(Alert alert, List<Notification> notifications);

    /** Resolves a firing alert and records its notifications; false when it was not firing (another node resolved it). */
    boolean resolve(UUID alertId, Instant at, List<Notification> notifications);

    /** Records a repeat notification of a firing alert, unless another node recorded repeat number {@code seen + 1}. */
    boolean reAlert(UUID alertId, int seen, Instant at, List<Notification> notifications);

    /** False when there is no such alert. */
    boolean acknowledge(String namespace, UUID alertId, String by, Instant at);

    /** Every firing alert, in all namespaces. */
    List<Alert> firing();

    /** A namespace's alerts, newest first. */
    List<Alert> alerts(String namespace, Optional<AlertState> state, int limit);

    Optional<Alert> findAlert(String namespace, UUID id);

    /** Notifications of an alert, oldest first. */
    List<Notification> notifications(UUID alertId);

    /**
     * Claims up to {@code limit} due pending notifications for {@code node} for {@code lease}; rows whose lease
     * expired (their sender died) are due again. Two nodes never claim the same row at once.
     */
    List<Notification> claim(String node, Duration lease, int limit);

    /** Marks a claimed notification sent; false when the claim was lost. */
    boolean sent(UUID id, String node);

    /** Puts a claimed notification back to be tried again at {@code at}, or gives it up when {@code at} is empty. */
    void failed(UUID id, String node, Optional<Instant> at, String error);

    /** A schedule's latest nominal times (with their jobs), newest first. */
    List<RunRecord> scheduleRuns(String namespace, String schedule, int limit);

    /** The latest jobs of a type ({@code *}: of any type) or of a queue, newest first. */
    List<RunRecord> jobRuns(String namespace, SubjectKind kind, String name, int limit);

    /** When a job of the subject last succeeded. */
    Optional<Instant> lastSuccess(String namespace, SubjectKind kind, String name);

    /** The subject's due jobs that no one started, at {@code now}. */
    Backlog backlog(String namespace, SubjectKind kind, String name, Instant now);
}

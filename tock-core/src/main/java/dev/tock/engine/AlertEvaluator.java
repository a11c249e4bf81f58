package dev.tock.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.alert.Alert;
import dev.tock.alert.AlertObject;
import dev.tock.alert.AlertRule;
import dev.tock.alert.AlertSpecs;
import dev.tock.alert.AlertState;
import dev.tock.alert.Backlog;
import dev.tock.alert.Condition;
import dev.tock.alert.Notification;
import dev.tock.alert.RunRecord;
import dev.tock.alert.Silence;
import dev.tock.alert.StoredSpec;
import dev.tock.alert.Subject;
import dev.tock.alert.SubjectKind;
import dev.tock.alert.SubjectSelector;
import dev.tock.alert.SubjectState;
import dev.tock.alert.Transition;
import dev.tock.alert.Verdict;
import dev.tock.model.QueueStats;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.StoredSchedule;
import dev.tock.store.AlertStore;
import dev.tock.store.Store;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.RunState;
import dev.tock.workflow.StoredWorkflow;
import dev.tock.workflow.WorkflowRun;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over every rule: reads each subject's runs, asks each condition for a verdict, and records the
 * transitions (fire, resolve, repeat) with their notifications. Any number of nodes may run it at once: the
 * store's unique keys let one of them record each transition. With no rules and no firing alert a pass is
 * one count query; the job completion path is never touched.
 */
final class AlertEvaluator {
    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_RUNS = 20;
    private final Store store;
    private final AlertStore alerts;
    private final Supplier<Instant> clock;
    private final Runnable recorded;

    AlertEvaluator(Store store, Supplier<Instant> clock, Runnable recorded) {
        this.store = store;
        this.alerts = store.alerts();
        this.clock = clock;
        this.recorded = recorded;
    }

    int run() {
        if (alerts.ruleCount() == 0 && alerts.firing().isEmpty()) {
            return 0;
        }
        Instant now = clock.get();
        List<AlertRule> rules = parsed(AlertObject.RULE, s -> AlertSpecs.rule(s.namespace(), s.name(), tree(s)));
        List<Silence> silences = parsed(AlertObject.SILENCE, s -> AlertSpecs.silence(s.namespace(), s.name(), tree(s)));
        Map<String, Alert> open = new HashMap<>();
        alerts.firing().forEach(a -> open.put(a.openKey(), a));
        int transitions = 0;
        TreeSet<String> seen = new TreeSet<>();
        for (AlertRule rule : rules) {
            try {
                transitions += evaluate(rule, now, open, silences, seen);
            } catch (RuntimeException e) {
                // One rule that cannot be read this time neither stops the others nor resolves its own alerts.
                String prefix = rule.namespace() + "/" + rule.name() + "/";
                open.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(seen::add);
                log.warn("Alert rule {}/{} could not be evaluated; trying again next pass: {}", rule.namespace(), rule.name(), e.toString());
            }
        }
        for (Alert orphan : open.values()) {
            if (!seen.contains(orphan.openKey())) {
                // Its rule, condition or subject is gone: nothing watches it any more.
                transitions += resolve(orphan, List.of(), silences, now) ? 1 : 0;
            }
        }
        if (transitions > 0) {
            recorded.run();
        }
        return transitions;
    }

    private int evaluate(AlertRule rule, Instant now, Map<String, Alert> open, List<Silence> silences, TreeSet<String> seen) {
        int transitions = 0;
        for (Subject subject : subjects(rule, now)) {
            SubjectState state = state(rule, subject, now);
            for (Condition condition : rule.conditions()) {
                if (!condition.appliesTo().contains(subject.kind())) {
                    continue;
                }
                String openKey = rule.namespace() + "/" + rule.name() + "/" + condition.type() + "/" + subject.key();
                seen.add(openKey);
                transitions += apply(rule, subject, condition, condition.evaluate(state, now), open.get(openKey), silences, now);
            }
        }
        return transitions;
    }

    private int apply(AlertRule rule, Subject subject, Condition condition, Verdict verdict, Alert open, List<Silence> silences,
                      Instant now) {
        if (verdict instanceof Verdict.Bad bad && open == null) {
            Alert alert = new Alert(UUID.randomUUID(), rule.namespace(), rule.name(), condition.type(), subject.key(), bad.occurrence(),
                    AlertState.FIRING, rule.severity(), bad.summary(), now, Optional.empty(), Optional.empty(), Optional.empty(), 0, now);
            boolean fired = alerts.fire(alert, notifications(alert, Transition.FIRING, rule.channels(), silences, now, "firing"));
            if (fired) {
                log.info("Alert firing: rule={}/{} condition={} subject={} occurrence={} id={}", rule.namespace(), rule.name(),
                        condition.type(), subject.key(), bad.occurrence(), alert.id());
            }
            return fired ? 1 : 0;
        }
        if (verdict instanceof Verdict.Good && open != null) {
            return resolve(open, rule.channels(), silences, now) ? 1 : 0;
        }
        if (verdict instanceof Verdict.Bad && open != null && rule.reAlert().isPresent() && open.acknowledgedAt().isEmpty()
                && !now.isBefore(open.lastNotifiedAt().plus(rule.reAlert().get()))) {
            Alert repeat = withReAlerts(open, open.reAlerts() + 1);
            boolean repeated = alerts.reAlert(open.id(), open.reAlerts(), now,
                    notifications(repeat, Transition.REALERT, rule.channels(), silences, now, "realert-" + repeat.reAlerts()));
            return repeated ? 1 : 0;
        }
        return 0;
    }

    private boolean resolve(Alert open, List<String> channels, List<Silence> silences, Instant now) {
        boolean resolved = alerts.resolve(open.id(), now, notifications(open, Transition.RESOLVED, channels, silences, now, "resolved"));
        if (resolved) {
            log.info("Alert resolved: rule={}/{} condition={} subject={} id={}", open.namespace(), open.rule(), open.condition(),
                    open.subject(), open.id());
        }
        return resolved;
    }

    private static Alert withReAlerts(Alert a, int reAlerts) {
        return new Alert(a.id(), a.namespace(), a.rule(), a.condition(), a.subject(), a.occurrence(), a.state(), a.severity(),
                a.summary(), a.firedAt(), a.resolvedAt(), a.acknowledgedAt(), a.acknowledgedBy(), reAlerts, a.lastNotifiedAt());
    }

    /** One per channel; suppressed (recorded, never sent) while a silence covers the alert. */
    private static List<Notification> notifications(Alert alert, Transition transition, List<String> channels, List<Silence> silences,
                                                    Instant now, String step) {
        boolean silenced = silences.stream().anyMatch(s -> s.namespace().equals(alert.namespace())
                && s.matches(alert.rule(), alert.subject()) && s.activeAt(now));
        List<Notification> out = new ArrayList<>();
        for (String channel : channels) {
            out.add(new Notification(UUID.randomUUID(), alert.id() + "/" + step + "/" + channel, alert.namespace(), channel, transition,
                    alert, silenced ? "suppressed" : "pending", 0, Optional.empty(), now, Optional.empty()));
        }
        return out;
    }

    private List<Subject> subjects(AlertRule rule, Instant now) {
        Map<String, Subject> found = new LinkedHashMap<>();
        for (SubjectSelector selector : rule.subjects()) {
            for (Subject candidate : candidates(rule.namespace(), selector)) {
                if (selector.matches(candidate)) {
                    found.putIfAbsent(candidate.key(), candidate);
                }
            }
        }
        return List.copyOf(found.values());
    }

    private List<Subject> candidates(String ns, SubjectSelector selector) {
        return switch (selector.kind()) {
            case SCHEDULE -> store.schedules().list(ns).stream().map(StoredSchedule::schedule)
                    .map(s -> new Subject(SubjectKind.SCHEDULE, ns, s.name(), s.template().type(), s.template().labels())).toList();
            case QUEUE -> {
                TreeSet<String> names = new TreeSet<>();
                if (selector.exactName()) {
                    names.add(selector.name());
                } else {
                    store.queues().stats(ns).stream().map(QueueStats::queue).forEach(q -> names.add(q.name()));
                }
                yield names.stream().map(n -> new Subject(SubjectKind.QUEUE, ns, n, "*", Map.of())).toList();
            }
            case MONITOR -> store.monitors().list(Optional.of(ns)).stream()
                    .map(m -> new Subject(SubjectKind.MONITOR, ns, m.name(), "*", Map.of())).toList();
            case WORKFLOW -> store.workflows().list(ns).stream()
                    .map(w -> new Subject(SubjectKind.WORKFLOW, ns, w.workflow().name(), "*", Map.of())).toList();
            case JOB -> {
                String type = selector.exactName() ? selector.name() : !selector.type().contains("*") ? selector.type() : "*";
                yield List.of(new Subject(SubjectKind.JOB, ns, type, type, Map.of()));
            }
        };
    }

    private SubjectState state(AlertRule rule, Subject subject, Instant now) {
        int limit = MIN_RUNS;
        boolean backlog = false;
        boolean success = false;
        for (Condition c : rule.conditions()) {
            switch (c) {
                case Condition.Failed f -> limit = Math.max(limit, Math.max(f.after(), f.recoverAfter()) + 1);
                case Condition.Flapping f -> limit = Math.max(limit, f.runs() * 2);
                case Condition.QueueBacklog q -> backlog = true;
                case Condition.NoWorker w -> backlog = true;
                case Condition.StaleSuccess s -> success = true;
                default -> { }
            }
        }
        String ns = subject.namespace();
        Instant since = Instant.EPOCH;
        Optional<SubjectState.Missing> unrecorded = Optional.empty();
        List<RunRecord> runs = List.of();
        if (subject.kind() == SubjectKind.SCHEDULE) {
            Optional<StoredSchedule> stored = store.schedules().find(ns, subject.name());
            if (stored.isPresent()) {
                since = stored.get().createdAt();
                Schedule schedule = stored.get().schedule();
                if (!schedule.suspended()) {
                    unrecorded = schedule.fireTimes().nextAfter(stored.get().cursor()).filter(t -> t.isBefore(now))
                            .map(t -> new SubjectState.Missing(t, t.plus(Condition.UNRECORDED_SLACK)));
                }
            }
            runs = alerts.scheduleRuns(ns, subject.name(), limit);
        } else if (subject.kind() == SubjectKind.MONITOR) {
            return monitorState(subject, limit, now);
        } else if (subject.kind() == SubjectKind.WORKFLOW) {
            return workflowState(subject, limit, success);
        } else if (rule.conditions().stream().anyMatch(c -> !(c instanceof Condition.QueueBacklog || c instanceof Condition.NoWorker))) {
            runs = alerts.jobRuns(ns, subject.kind(), subject.name(), limit);
        }
        Optional<Instant> lastSuccess = success ? alerts.lastSuccess(ns, subject.kind(), subject.name()) : Optional.empty();
        Backlog b = backlog ? alerts.backlog(ns, subject.kind(), subject.name(), now) : Backlog.NONE;
        return new SubjectState(subject, runs, lastSuccess, since, unrecorded, b);
    }

    /** A workflow's runs, newest first: each starts when it is made and ends in its run state. */
    private SubjectState workflowState(Subject subject, int limit, boolean success) {
        String ns = subject.namespace();
        Optional<StoredWorkflow> stored = store.workflows().find(ns, subject.name());
        Instant since = stored.map(StoredWorkflow::createdAt).orElse(Instant.EPOCH);
        List<RunRecord> runs = store.workflows().listRuns(new RunQuery(ns, Optional.of(subject.name()), Optional.empty(), Optional.empty(),
                Math.min(limit, RunQuery.MAX_LIMIT))).stream().map(AlertEvaluator::runRecord).toList();
        Optional<Instant> lastSuccess = success
                ? store.workflows().listRuns(new RunQuery(ns, Optional.of(subject.name()), Optional.of(RunState.SUCCEEDED), Optional.empty(), 1))
                        .stream().findFirst().flatMap(WorkflowRun::finishedAt)
                : Optional.empty();
        return new SubjectState(subject, runs, lastSuccess, since, Optional.empty(), Backlog.NONE);
    }

    private static RunRecord runRecord(WorkflowRun run) {
        dev.tock.alert.RunOutcome outcome = switch (run.state()) {
            case RUNNING -> dev.tock.alert.RunOutcome.RUNNING;
            case SUCCEEDED -> dev.tock.alert.RunOutcome.SUCCEEDED;
            case FAILED -> dev.tock.alert.RunOutcome.FAILED;
            case CANCELLED -> dev.tock.alert.RunOutcome.CANCELLED;
        };
        return new RunRecord(run.id(), run.createdAt(), outcome, Optional.of(run.createdAt()), run.finishedAt());
    }

    /**
     * A monitor's pings as runs: a {@code ping} a success, a {@code fail} a failure, a {@code start} with nothing
     * after it a run still going. A ping is missing when the next expected time after the latest ping (or the
     * monitor's creation) is more than its grace ago.
     */
    private SubjectState monitorState(Subject subject, int limit, Instant now) {
        Optional<dev.tock.monitor.StoredMonitor> stored = store.monitors().find(subject.namespace(), subject.name());
        if (stored.isEmpty()) {
            return new SubjectState(subject, List.of(), Optional.empty(), now, Optional.empty(), Backlog.NONE);
        }
        dev.tock.monitor.Monitor monitor = MonitorService.monitor(stored.get());
        List<dev.tock.monitor.Ping> pings = store.monitors().pings(subject.namespace(), subject.name(), limit);
        List<RunRecord> runs = new ArrayList<>();
        boolean ended = false;
        Optional<Instant> lastSuccess = Optional.empty();
        for (dev.tock.monitor.Ping p : pings) {
            String key = p.at().toString();
            switch (p.kind()) {
                case PING -> {
                    runs.add(new RunRecord(key, p.at(), dev.tock.alert.RunOutcome.SUCCEEDED, Optional.of(p.at()), Optional.of(p.at())));
                    lastSuccess = lastSuccess.or(() -> Optional.of(p.at()));
                    ended = true;
                }
                case FAIL -> {
                    runs.add(new RunRecord(key, p.at(), dev.tock.alert.RunOutcome.FAILED, Optional.of(p.at()), Optional.of(p.at())));
                    ended = true;
                }
                case START -> {
                    // Only the latest start, with no ping or failure after it, is a run still going.
                    if (!ended) {
                        runs.add(new RunRecord(key, p.at(), dev.tock.alert.RunOutcome.RUNNING, Optional.of(p.at()), Optional.empty()));
                    }
                    ended = true;
                }
            }
        }
        Instant since = pings.stream().filter(p -> p.kind() != dev.tock.monitor.PingKind.START).map(dev.tock.monitor.Ping::at)
                .findFirst().orElse(stored.get().createdAt());
        Optional<SubjectState.Missing> missing = monitor.nextExpected(since).filter(t -> t.isBefore(now))
                .map(t -> new SubjectState.Missing(t, t.plus(monitor.grace())));
        return new SubjectState(subject, runs, lastSuccess, stored.get().createdAt(), missing, Backlog.NONE);
    }

    private interface SpecParser<T> {
        T parse(StoredSpec spec);
    }

    /** Every stored spec of a kind that still parses; one that does not (e.g. stored by a newer version) is logged and skipped. */
    private <T> List<T> parsed(AlertObject kind, SpecParser<T> parser) {
        List<T> out = new ArrayList<>();
        for (StoredSpec spec : alerts.list(kind, Optional.empty())) {
            try {
                out.add(parser.parse(spec));
            } catch (RuntimeException e) {
                log.warn("Skipping alert {} {}/{}: {}", kind.name().toLowerCase(java.util.Locale.ROOT), spec.namespace(), spec.name(),
                        e.getMessage());
            }
        }
        return out;
    }

    static com.fasterxml.jackson.databind.JsonNode tree(StoredSpec spec) {
        try {
            return JSON.readTree(spec.json());
        } catch (IOException e) {
            throw new IllegalStateException("stored spec is not JSON: " + e.getMessage(), e);
        }
    }
}

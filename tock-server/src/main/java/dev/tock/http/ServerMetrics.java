package dev.tock.http;

import dev.tock.engine.Tock;
import dev.tock.model.JobState;
import dev.tock.model.QueueStats;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /metrics} shows, in Prometheus' text format: the engine's meters (given to the engine
 * through {@link Tock.Builder#meterRegistry}), the JVM's, and {@code tock_queue_depth} by Tock namespace
 * ({@code tock_namespace}), queue and state, and each schedule's status in the shape of kube-state-metrics'
 * CronJob series ({@code tock_schedule_next_fire_time_seconds}, {@code …_last_fire_time_seconds},
 * {@code …_last_success_time_seconds}, {@code tock_schedule_active_runs}, {@code tock_schedule_suspended}), so
 * that CronJob dashboards and alert rules carry over, and {@code tock_workflow_runs_active} per workflow. They take queries, so they are read at most every
 * {@link #DEPTH_REFRESH} however often Prometheus scrapes.
 */
public final class ServerMetrics {
    static final Duration DEPTH_REFRESH = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ServerMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge queueDepth;
    private final ScheduleGauges schedules;
    private final MultiGauge alertsFiring;
    private final MultiGauge activeRuns;
    private Tock tock;
    private long depthReadAt;

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        @SuppressWarnings("resource") JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        this.queueDepth = MultiGauge.builder("tock.queue.depth")
                .description("Jobs per namespace, queue and state (pending and running states)").register(registry);
        this.schedules = new ScheduleGauges(registry);
        this.alertsFiring = MultiGauge.builder("tock.alerts.firing")
                .description("Tock's own alerts firing, per namespace, rule and severity").register(registry);
        this.activeRuns = MultiGauge.builder("tock.workflow.runs.active")
                .description("Workflow runs running, per namespace and workflow").register(registry);
    }

    /** The registry to give the engine's builder. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    void attach(Tock engine) {
        this.tock = engine;
    }

    /** The scrape: queue depth brought up to date when older than {@link #DEPTH_REFRESH}, then every meter. */
    synchronized String scrape() {
        long now = System.nanoTime();
        if (tock != null && (depthReadAt == 0 || now - depthReadAt > DEPTH_REFRESH.toNanos())) {
            depthReadAt = now;
            refreshQueueDepth();
            refreshSchedules();
            refreshAlerts();
            refreshWorkflowRuns();
        }
        return registry.scrape();
    }

    private void refreshSchedules() {
        try {
            schedules.show(tock.namespaces().list().stream().flatMap(namespace -> tock.schedules().statuses(namespace).stream()).toList());
        } catch (RuntimeException e) {
            log.warn("could not read schedule status for /metrics: {}", e.getMessage());
        }
    }

    private void refreshAlerts() {
        try {
            Map<List<String>, Long> counts = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
            for (String namespace : tock.namespaces().list()) {
                tock.alerts().alerts(namespace, java.util.Optional.of(dev.tock.alert.AlertState.FIRING), 10_000)
                        .forEach(a -> counts.merge(List.of(namespace, a.rule(), a.severity()), 1L, Long::sum));
            }
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            counts.forEach((k, n) -> rows.add(MultiGauge.Row.of(Tags.of("tock_namespace", k.get(0), "rule", k.get(1), "severity", k.get(2)), n)));
            alertsFiring.register(rows, true);
        } catch (RuntimeException e) {
            log.warn("could not read firing alerts for /metrics: {}", e.getMessage());
        }
    }

    private void refreshWorkflowRuns() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (String namespace : tock.namespaces().list()) {
                // Every workflow, 0 when it has no run running; and a deleted workflow's runs still running.
                Map<String, Long> counts = new java.util.TreeMap<>();
                tock.workflows().list(namespace).forEach(w -> counts.put(w.workflow().name(), 0L));
                counts.putAll(tock.workflows().activeRuns(namespace));
                counts.forEach((workflow, n) -> rows.add(MultiGauge.Row.of(Tags.of("tock_namespace", namespace, "workflow", workflow), n)));
            }
            activeRuns.register(rows, true);
        } catch (RuntimeException e) {
            log.warn("could not count running workflow runs for /metrics: {}", e.getMessage());
        }
    }

    private void refreshQueueDepth() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (String namespace : tock.namespaces().list()) {
                for (QueueStats q : tock.queues().stats(namespace)) {
                    for (Map.Entry<JobState, Long> e : q.counts().entrySet()) {
                        if (!e.getKey().isFinal()) {
                            rows.add(MultiGauge.Row.of(Tags.of("tock_namespace", namespace, "queue", q.queue().name(),
                                    "state", e.getKey().wireName()), e.getValue()));
                        }
                    }
                }
            }
            queueDepth.register(rows, true);
        } catch (RuntimeException e) {
            log.warn("could not read queue depth for /metrics: {}", e.getMessage());
        }
    }
}

package dev.tock.http;

import dev.tock.schedule.ScheduleStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each schedule's status as gauges named after kube-state-metrics' CronJob series
 * ({@code kube_cronjob_next_schedule_time} → {@code tock_schedule_next_fire_time_seconds}, and so on),
 * labelled {@code tock_namespace} and {@code schedule}. A time the schedule does not have (no next fire
 * while suspended, no success yet) is left out rather than shown as 0.
 */
final class ScheduleGauges {
    private final List<Series> series;

    ScheduleGauges(MeterRegistry registry) {
        this.series = List.of(
                new Series(registry, "tock.schedule.next.fire.time.seconds", "Next nominal time, in Unix seconds",
                        s -> seconds(s.nextFire())),
                new Series(registry, "tock.schedule.last.fire.time.seconds", "Nominal time of the latest kept run, in Unix seconds",
                        s -> seconds(s.runs().lastFire())),
                new Series(registry, "tock.schedule.last.success.time.seconds", "When the latest succeeded run finished, in Unix seconds",
                        s -> seconds(s.runs().lastSuccess())),
                new Series(registry, "tock.schedule.active.runs", "Runs that are due and not finished",
                        s -> Optional.of((double) s.runs().activeRuns())),
                new Series(registry, "tock.schedule.suspended", "1 when the schedule is suspended, else 0",
                        s -> Optional.of(s.suspended() ? 1.0 : 0.0)));
    }

    /** Replaces every series' rows with those of {@code statuses}; schedules no longer there disappear. */
    void show(List<ScheduleStatus> statuses) {
        series.forEach(s -> s.show(statuses));
    }

    private static Optional<Double> seconds(Optional<Instant> time) {
        return time.map(t -> t.toEpochMilli() / 1000.0);
    }

    private record Series(MultiGauge gauge, Function<ScheduleStatus, Optional<Double>> value) {

        Series(MeterRegistry registry, String name, String description, Function<ScheduleStatus, Optional<Double>> value) {
            this(MultiGauge.builder(name).description(description).register(registry), value);
        }

        void show(List<ScheduleStatus> statuses) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (ScheduleStatus s : statuses) {
                value.apply(s).ifPresent(v -> rows.add(MultiGauge.Row.of(Tags.of("tock_namespace", s.namespace(), "schedule", s.name()), v)));
            }
            gauge.register(rows, true);
        }
    }
}

package dev.tock.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.model.InvalidJobException;
import dev.tock.model.JsonText;
import dev.tock.schedule.FireTimes;
import dev.tock.schedule.NextFire;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.RunSummary;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.ScheduleNotFoundException;
import dev.tock.schedule.ScheduleStatus;
import dev.tock.schedule.ScheduledWorkflow;
import dev.tock.schedule.StoredSchedule;
import dev.tock.service.Schedules;
import dev.tock.store.FirePlan;
import dev.tock.store.Store;
import dev.tock.workflow.RunInputs;
import dev.tock.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * {@link Schedules} on this node. Every change reloads this node's firer at once (the others notice the
 * store's schedule revision); manual fires are recorded like the clock's, so each nominal time still
 * runs once.
 */
final class ScheduleService implements Schedules {
    private final Store store;
    private final JobValidator validator;
    private final ScheduleFirer firer;
    private final EngineMetrics metrics;
    private final Runnable wake;
    private final String nodeId;
    private final NextFireTimes nextFires = new NextFireTimes();
    private final StoreClock displayClock;

    ScheduleService(Store store, JobValidator validator, ScheduleFirer firer, EngineMetrics metrics, Runnable wake, String nodeId) {
        this.store = store;
        this.validator = validator;
        this.firer = firer;
        this.metrics = metrics;
        this.wake = wake;
        this.nodeId = nodeId;
        this.displayClock = new StoreClock(store::now);
    }

    @Override
    public boolean save(Schedule schedule) {
        requireWorkflow(schedule);
        return store(schedule);
    }

    /** Suspending or resuming a schedule whose workflow was deleted since stays possible: only saving checks it. */
    private boolean store(Schedule schedule) {
        validator.validate(schedule.namespace(), schedule.template());
        boolean created = store.schedules().save(schedule);
        firer.reload();
        return created;
    }

    @Override
    public void validate(Schedule schedule) {
        validator.validate(schedule.namespace(), schedule.template());
    }

    /**
     * A schedule that starts a workflow names one that exists now, with inputs it takes, rather than failing at its first
     * fire.
     */
    private void requireWorkflow(Schedule schedule) {
        ScheduledWorkflow.namedBy(schedule.template()).ifPresent(name -> {
            boolean spelt = schedule.workflow().isPresent();
            Workflow workflow = store.workflows().find(schedule.namespace(), name).orElseThrow(() -> new InvalidJobException(
                    spelt ? "workflow" : "jobTemplate.payload.workflow", "no workflow " + name + " in namespace " + schedule.namespace()
                            + " (apply it first)")).workflow();
            ScheduledWorkflow.of(schedule.template()).ifPresent(starts -> {
                try {
                    RunInputs.resolve(workflow, (ObjectNode) JsonText.read(starts.inputsJson()));
                } catch (InvalidJobException e) {
                    throw new InvalidJobException((spelt ? "" : "jobTemplate.payload.") + e.field(), e.reason());
                } catch (JsonProcessingException e) {
                    throw new InvalidJobException(spelt ? "inputs" : "jobTemplate.payload.inputs", "is not JSON");
                }
            });
        });
    }

    @Override
    public Optional<StoredSchedule> find(String namespace, String name) {
        return store.schedules().find(namespace, name);
    }

    @Override
    public StoredSchedule get(String namespace, String name) {
        return find(namespace, name).orElseThrow(() -> new ScheduleNotFoundException(namespace, name));
    }

    @Override
    public List<StoredSchedule> list(String namespace) {
        return store.schedules().list(namespace);
    }

    @Override
    public boolean delete(String namespace, String name) {
        boolean deleted = store.schedules().delete(namespace, name);
        firer.reload();
        return deleted;
    }

    @Override
    public void suspend(String namespace, String name) {
        store(get(namespace, name).schedule().withSuspended(true));
    }

    @Override
    public void resume(String namespace, String name) {
        store(get(namespace, name).schedule().withSuspended(false));
    }

    @Override
    public ScheduleFire trigger(String namespace, String name, boolean bypassOverlap) {
        Schedule schedule = get(namespace, name).schedule();
        List<ScheduleFire> recorded = record(FirePlanner.trigger(schedule, nodeId, store.now(), bypassOverlap));
        return recorded.stream().findFirst()
                .orElseThrow(() -> new dev.tock.TockException("schedule " + name + " was triggered at the same instant already"));
    }

    @Override
    public List<ScheduleFire> backfill(String namespace, String name, Instant from, Instant to, OverlapPolicy overlap) {
        Schedule schedule = get(namespace, name).schedule();
        Instant now = store.now();
        if (!from.isBefore(to) || to.isAfter(now)) {
            throw new InvalidJobException("backfill", "needs a past range: from before to, and to not after now (" + now + ")");
        }
        return record(FirePlanner.backfill(schedule, nodeId, nominalTimes(schedule.fireTimes(), from, to), now, overlap));
    }

    private static List<Instant> nominalTimes(FireTimes times, Instant from, Instant to) {
        List<Instant> nominal = new ArrayList<>();
        Optional<Instant> next = times.nextAfter(from.minusNanos(1));
        while (next.isPresent() && next.get().isBefore(to)) {
            if (nominal.size() == MAX_BACKFILL) {
                throw new InvalidJobException("backfill", "covers more than " + MAX_BACKFILL + " nominal times; split the range");
            }
            nominal.add(next.get());
            next = times.nextAfter(next.get());
        }
        return nominal;
    }

    private List<ScheduleFire> record(FirePlan plan) {
        List<ScheduleFire> recorded = store.schedules().recordFires(plan);
        metrics.fired(recorded);
        wake.run();
        return recorded;
    }

    @Override
    public List<Instant> preview(String namespace, String name, int count) {
        return get(namespace, name).schedule().fireTimes().next(count, store.now());
    }

    @Override
    public List<ScheduleFire> runs(String namespace, String name, int limit) {
        return store.schedules().fires(namespace, name, limit);
    }

    @Override
    public Optional<Instant> nextFire(Schedule schedule) {
        return schedule.suspended() ? Optional.empty() : nextFires.next(schedule, displayClock.now());
    }

    /** Merges the schedules' fire times, taking the earliest each time, so that each schedule computes only what is shown. */
    @Override
    public List<NextFire> nextFires(String namespace, int limit) {
        Instant now = displayClock.now();
        PriorityQueue<Upcoming> upcoming = new PriorityQueue<>(Comparator.comparing(Upcoming::time));
        for (StoredSchedule stored : list(namespace)) {
            Schedule s = stored.schedule();
            if (!s.suspended()) {
                nextFires.next(s, now).ifPresent(t -> upcoming.add(new Upcoming(s, null, t)));
            }
        }
        List<NextFire> fires = new ArrayList<>(limit);
        while (fires.size() < limit && !upcoming.isEmpty()) {
            Upcoming next = upcoming.poll();
            fires.add(new NextFire(next.schedule(), next.time()));
            // Only schedules whose next time was shown compute the one after it.
            FireTimes times = next.times() != null ? next.times() : nextFires.times(next.schedule());
            times.nextAfter(next.time()).ifPresent(t -> upcoming.add(new Upcoming(next.schedule(), times, t)));
        }
        return fires;
    }

    @Override
    public List<ScheduleStatus> statuses(String namespace) {
        Map<String, RunSummary> runs = store.schedules().runSummaries(namespace);
        return list(namespace).stream().map(StoredSchedule::schedule).map(s -> new ScheduleStatus(namespace, s.name(), s.suspended(),
                nextFire(s), runs.getOrDefault(s.name(), RunSummary.NONE))).toList();
    }

    private record Upcoming(Schedule schedule, FireTimes times, Instant time) {
    }
}

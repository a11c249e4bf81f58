package dev.tock.store;

import dev.tock.schedule.RunSummary;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.StoredSchedule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where schedules and the record of their fire times live. Exactly-once firing rests on one rule:
 * each (schedule, nominal time) is recorded at most once, under a unique key, and only the
 * transaction that records a fire enqueues its job.
 */
public interface ScheduleStore {

    /**
     * Creates or replaces a schedule. A new schedule fires from now on; a suspended one that is saved
     * unsuspended fires from now on, not for the time it was suspended. Safe when several callers save
     * the same schedule at once.
     *
     * @return true when this call created the schedule, false when it replaced one
     * @throws dev.tock.model.UnknownNamespaceException when its namespace does not exist
     */
    boolean save(Schedule schedule);

    Optional<StoredSchedule> find(String namespace, String name);

    /** A namespace's schedules, by name. */
    List<StoredSchedule> list(String namespace);

    /** Every schedule of every namespace that is not suspended. */
    List<StoredSchedule> active();

    /**
     * A value that changes whenever any schedule is created, changed, suspended, resumed or deleted, so
     * a firer can skip re-reading {@link #active()} while nothing changed. Recording fires does
     * not change it.
     */
    String revision();

    /** Deletes a schedule and its fire records (not its jobs); false when there was none. */
    boolean delete(String namespace, String name);

    /**
     * Records the plans' nominal times that no node recorded yet and enqueues the jobs of those that
     * fire, applying each schedule's overlap policy, in one transaction. Plans of suspended or deleted
     * schedules are ignored, except manual ones of suspended schedules.
     *
     * @return the fire records this call made (none for times another node got to first)
     */
    List<ScheduleFire> recordFires(List<FirePlan> plans);

    /** {@link #recordFires(List)} for one schedule. */
    default List<ScheduleFire> recordFires(FirePlan plan) {
        return recordFires(List.of(plan));
    }

    /**
     * Starts the run that each {@code BUFFER_ONE} schedule holds back, once its other runs have ended.
     *
     * @return how many runs were started
     */
    int startBufferedRuns();

    /** The schedule's latest fire records, newest first, with the state of each fired job. */
    List<ScheduleFire> fires(String namespace, String schedule, int limit);

    /** What the kept runs of a namespace's schedules say, by schedule name; schedules with no kept run are absent. */
    Map<String, RunSummary> runSummaries(String namespace);
}

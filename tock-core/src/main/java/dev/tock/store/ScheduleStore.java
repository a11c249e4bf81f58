package dev.tock.store;

import dev.tock.model.Schedule;
import dev.tock.model.ScheduleFire;
import java.util.List;
import java.util.Optional;

/**
 * Where schedules and the record of their fire times live. Exactly-once firing rests on one rule:
 * each (schedule, nominal time) is recorded at most once, under a unique key, and only the
 * transaction that records a fire enqueues its job.
 */
public interface ScheduleStore {

    /**
     * Creates or replaces a schedule. A new schedule fires from now on; a suspended one that is saved
     * unsuspended fires from now on, not for the time it was suspended.
     *
     * @throws UnknownNamespaceException when its namespace does not exist
     */
    void saveSchedule(Schedule schedule);

    Optional<StoredSchedule> findSchedule(String namespace, String name);

    List<StoredSchedule> schedules(String namespace);

    /** Every schedule of every namespace that is not suspended. */
    List<StoredSchedule> activeSchedules();

    /** Deletes a schedule and its fire records (not its jobs); false when there was none. */
    boolean deleteSchedule(String namespace, String name);

    /**
     * Records the plan's nominal times that no node recorded yet and enqueues the jobs of those that
     * fire, applying the schedule's overlap policy, in one transaction.
     *
     * @return the fire records this call made (empty when another node got there first)
     */
    List<ScheduleFire> recordFires(FirePlan plan);

    /** The schedule's latest fire records, newest first, with the state of each fired job. */
    List<ScheduleFire> fires(String namespace, String schedule, int limit);
}

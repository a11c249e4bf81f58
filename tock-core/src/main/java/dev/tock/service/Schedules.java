package dev.tock.service;

import dev.tock.schedule.NextFire;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.ScheduleStatus;
import dev.tock.schedule.StoredSchedule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Schedules (CronJobs): define them, act on them by hand, and see what they fired and will fire. */
public interface Schedules {
    /** Most nominal times one backfill may cover. */
    int MAX_BACKFILL = 10_000;

    /**
     * Creates or replaces a schedule. Its template is checked like a job (type known, payload valid)
     * now rather than at its first fire.
     *
     * @return true when it was created, false when it replaced one
     */
    boolean save(Schedule schedule);

    /** Checks a schedule's job template as {@link #save} does, without saving anything. */
    void validate(Schedule schedule);

    Optional<StoredSchedule> find(String namespace, String name);

    /** @throws dev.tock.schedule.ScheduleNotFoundException when there is no such schedule */
    StoredSchedule get(String namespace, String name);

    /** A namespace's schedules, by name. */
    List<StoredSchedule> list(String namespace);

    /** Deletes a schedule and its fire records (its jobs stay); false when there was none. */
    boolean delete(String namespace, String name);

    /** Stops firing; nominal times while suspended are not fired later. */
    void suspend(String namespace, String name);

    /** Fires again from now on. */
    void resume(String namespace, String name);

    /**
     * Fires the schedule now, by hand. The overlap policy applies unless {@code bypassOverlap}.
     *
     * @return the fire record; its outcome is skipped when the overlap policy refused
     */
    ScheduleFire trigger(String namespace, String name, boolean bypassOverlap);

    /**
     * Runs the schedule now for every nominal time in {@code [from, to)} that never fired (no record,
     * or recorded as skipped, missed or coalesced), under {@code overlap} instead of its own policy.
     * A nominal time that fired is never fired again.
     *
     * @throws dev.tock.model.InvalidJobException (field {@code backfill}) for a range not in the past or
     *     covering more than {@link #MAX_BACKFILL} nominal times
     */
    List<ScheduleFire> backfill(String namespace, String name, Instant from, Instant to, OverlapPolicy overlap);

    /** The next {@code count} nominal fire times, from the store's clock now. */
    List<Instant> preview(String namespace, String name, int count);

    /** The schedule's latest fire records with outcomes, newest first. */
    List<ScheduleFire> runs(String namespace, String name, int limit);

    /** The schedule's first nominal time after now (store clock); empty when suspended or it never fires again. */
    Optional<Instant> nextFire(Schedule schedule);

    /** The next {@code limit} nominal times across the namespace's active schedules, earliest first. */
    List<NextFire> nextFires(String namespace, int limit);

    /** Where each of a namespace's schedules stands (next fire, latest fire and success, unfinished runs), by name. */
    List<ScheduleStatus> statuses(String namespace);
}

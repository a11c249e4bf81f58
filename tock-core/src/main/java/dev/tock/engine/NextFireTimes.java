package dev.tock.engine;

import dev.tock.schedule.FireTimes;
import dev.tock.schedule.Schedule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The next fire time of each schedule, remembered until it passes. Listing schedules and their next
 * fires asks for every schedule's next time at every poll of the dashboard; a schedule's next time
 * after {@code now} stays the same until that time comes, so it is computed once per fire, not per
 * request. Keyed by the schedule's whole definition, so that a changed schedule is computed afresh.
 */
final class NextFireTimes {
    /** Schedules remembered at most; the least recently asked for is forgotten first. */
    private static final int MAX = 10_000;
    private final Map<Schedule, Known> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Schedule, Known> eldest) {
            return size() > MAX;
        }
    };

    /** What was computed: the fire times, and the next one after {@code from}. */
    private record Known(FireTimes times, Instant from, Optional<Instant> next) {
        /** The next time after {@code now} is the one found after {@code from} while it has not come. */
        boolean answers(Instant now) {
            return !now.isBefore(from) && next.map(now::isBefore).orElse(true);
        }
    }

    /** The schedule's first nominal time strictly after {@code now}; empty when it never fires again. */
    Optional<Instant> next(Schedule schedule, Instant now) {
        Known k = get(schedule);
        if (k != null && k.answers(now)) {
            return k.next();
        }
        FireTimes times = k != null ? k.times() : schedule.fireTimes();
        Optional<Instant> next = times.nextAfter(now);
        put(schedule, new Known(times, now, next));
        return next;
    }

    /** The schedule's fire times, to ask for more than the next one. */
    FireTimes times(Schedule schedule) {
        Known k = get(schedule);
        return k != null ? k.times() : schedule.fireTimes();
    }

    private synchronized Known get(Schedule schedule) {
        return known.get(schedule);
    }

    private synchronized void put(Schedule schedule, Known value) {
        known.put(schedule, value);
    }
}

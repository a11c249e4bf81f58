package dev.tock.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fire times of one schedule spec in one zone under one pair of DST rules. Built once per
 * schedule ({@link CronSpec#fireTimes}) and asked at every fire, so the parsing and setup are not
 * repeated a thousand times a second.
 */
@FunctionalInterface
public interface FireTimes {
    /** The first fire instant strictly after {@code after}; empty when the schedule never fires again. */
    Optional<Instant> nextAfter(Instant after);

    /**
     * Up to {@code count} successive fire times after {@code after}, strictly increasing, for
     * previews; fewer when the schedule stops firing.
     */
    default List<Instant> next(int count, Instant after) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        List<Instant> out = new ArrayList<>(count);
        Instant cursor = after;
        while (out.size() < count) {
            Optional<Instant> next = nextAfter(cursor);
            if (next.isEmpty()) {
                break;
            }
            cursor = next.get();
            out.add(cursor);
        }
        return List.copyOf(out);
    }
}

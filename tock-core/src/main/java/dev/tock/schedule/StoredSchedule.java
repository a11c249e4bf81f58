package dev.tock.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * A schedule as stored, with where its firing stands.
 *
 * @param firesFrom when it was created or last resumed: nominal times before this are not its business
 * @param lastNominal the latest nominal time recorded for it, by any node
 */
public record StoredSchedule(Schedule schedule, Instant createdAt, Instant firesFrom, Optional<Instant> lastNominal) {

    /** The instant after which the next nominal time is looked for. */
    public Instant cursor() {
        return lastNominal.filter(last -> last.isAfter(firesFrom)).orElse(firesFrom);
    }
}

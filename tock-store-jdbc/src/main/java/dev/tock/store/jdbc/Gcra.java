package dev.tock.store.jdbc;

import dev.tock.model.Rate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The generic cell rate algorithm over one stored theoretical arrival time (TAT): a start is allowed
 * while the TAT runs at most the burst tolerance ahead of now, and each start moves it on by one
 * interval. One timestamp per limit is the whole state, so it fits in the lease transaction.
 */
final class Gcra {
    private Gcra() {
    }

    /** The TAT after one more start at {@code now}, or empty when the limit allows none now. */
    static Optional<Instant> next(Rate rate, Instant tat, Instant now) {
        Instant base = tat == null || tat.isBefore(now) ? now : tat;
        if (base.isAfter(now.plus(rate.toleranceMicros(), ChronoUnit.MICROS))) {
            return Optional.empty();
        }
        return Optional.of(base.plus(rate.intervalMicros(), ChronoUnit.MICROS));
    }
}

package dev.tock.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit in the generic cell rate algorithm's terms: one start every {@link #interval()}, with up
 * to {@code burst} starts at once after a quiet spell.
 *
 * @param permits starts per {@code per}
 * @param per the period, one second, minute or hour
 * @param burst how many starts may happen back to back; at least 1
 */
public record Rate(long permits, Duration per, int burst) {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(s|m|h)\\s*");

    public Rate {
        if (permits <= 0) {
            throw new InvalidJobException("rate", "must be positive, like 100/s, was " + permits);
        }
        if (burst < 1) {
            throw new InvalidJobException("burst", "must be at least 1, was " + burst);
        }
    }

    /**
     * Parses {@code 100/s}, {@code 10/m} or {@code 5/h}; the field names name the input in errors.
     */
    public static Rate parse(String field, String text, String burstField, int burst) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new InvalidJobException(field, "must be a positive count per s, m or h, like 100/s, was " + text);
        }
        long permits = Long.parseLong(m.group(1));
        if (permits <= 0) {
            throw new InvalidJobException(field, "must be positive, was " + text);
        }
        if (burst < 1) {
            throw new InvalidJobException(burstField, "must be at least 1, was " + burst);
        }
        Duration per = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return new Rate(permits, per, burst);
    }

    /** The time between starts at the steady rate, in microseconds. */
    public long intervalMicros() {
        return Math.max(1, per.toNanos() / 1000 / permits);
    }

    /** How far ahead of now the theoretical arrival time may run and still admit a start, in microseconds. */
    public long toleranceMicros() {
        return intervalMicros() * (burst - 1L);
    }

    /** As written: {@code 100/s}. */
    public String text() {
        return permits + "/" + (per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "m" : "h");
    }

    /** When the next start is allowed given the stored theoretical arrival time: {@code now}, or when it comes within the burst. */
    public Instant nextSlot(Optional<Instant> tat, Instant now) {
        if (tat.isEmpty()) {
            return now;
        }
        Instant slot = tat.get().minus(toleranceMicros(), ChronoUnit.MICROS);
        return slot.isAfter(now) ? slot : now;
    }
}

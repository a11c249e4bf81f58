package dev.tock.schedule;

import com.cronutils.model.Cron;
import dev.tock.Durations;
import dev.tock.model.InvalidJobException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A recurring schedule, parsed and validated; immutable and safe to share.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>five cron fields, {@code minute hour day-of-month month day-of-week}, as in Kubernetes
 *       CronJobs: numbers, names ({@code MON}, {@code JAN}), ranges, lists and steps ({@code *}{@code /5});
 *       when both day fields are restricted a day matching either fires;</li>
 *   <li>six fields, a leading {@code second} then the five;</li>
 *   <li>the macros {@code @yearly}/{@code @annually}, {@code @monthly}, {@code @weekly},
 *       {@code @daily}/{@code @midnight} and {@code @hourly};</li>
 *   <li>{@code @every <duration>}, with a duration as {@link Durations#parse} reads it, from 1s to 366d.</li>
 * </ul>
 *
 * <p>Cron times are local times in the zone passed to {@link #nextAfter}; see there for what
 * happens when daylight-saving changes make a local time vanish or repeat.
 */
public final class CronSpec {
    /** The shortest {@code @every} interval: shorter ones would be a busy loop, not a schedule. */
    public static final Duration MIN_EVERY = Duration.ofSeconds(1);
    /** The longest {@code @every} interval: anything longer is better written as a cron date. */
    public static final Duration MAX_EVERY = Duration.ofDays(366);

    private final String text;
    /** Cron fields (a macro expanded), or null for {@code @every}. */
    private final String[] fields;
    private final Cron cron;
    private final Duration every;
    private final boolean interval;

    private CronSpec(String text, String[] fields, Cron cron, Duration every) {
        this.text = text;
        this.fields = fields;
        this.cron = cron;
        this.every = every;
        // An hour field of "*" fires at least hourly: such a schedule is about elapsed time, so
        // it should neither bunch up nor go quiet when the clocks change.
        this.interval = every != null || fields[fields.length - 4].equals("*"); // the hour, in 5 or 6 fields
    }

    /**
     * Parses {@code text} in any of the accepted forms.
     *
     * @throws InvalidJobException whose {@link InvalidJobException#field() field} is {@code schedule}
     *     when the text as a whole is wrong (empty, wrong number of fields, unknown macro),
     *     {@code schedule.second}, {@code schedule.minute}, {@code schedule.hour},
     *     {@code schedule.dayOfMonth}, {@code schedule.month} or {@code schedule.dayOfWeek} for a
     *     bad cron field, and {@code schedule.every} for a bad {@code @every} duration
     */
    public static CronSpec parse(String text) {
        if (text == null) {
            return parseText(null);
        }
        // Schedules are read again every second on every node; a spec is parsed once.
        synchronized (PARSED) {
            CronSpec known = PARSED.get(text);
            if (known != null) {
                return known;
            }
        }
        CronSpec parsed = parseText(text);
        synchronized (PARSED) {
            PARSED.put(text, parsed);
        }
        return parsed;
    }

    /** Specs parsed lately, by text; bounded, least recently used first out. */
    private static final int PARSED_LIMIT = 4096;
    private static final java.util.LinkedHashMap<String, CronSpec> PARSED = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, CronSpec> eldest) {
            return size() > PARSED_LIMIT;
        }
    };

    private static CronSpec parseText(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidJobException("schedule",
                    "schedule is empty; write 5 cron fields such as \"*/5 * * * *\", a macro such as @daily, or @every 10m");
        }
        String trimmed = text.trim();
        String[] fields;
        if (trimmed.startsWith("@")) {
            String[] parts = trimmed.split("\\s+", 2);
            String word = parts[0].toLowerCase(Locale.ROOT);
            if (word.equals("@every")) {
                return new CronSpec(text, null, null, parseEvery(parts.length > 1 ? parts[1] : ""));
            }
            String expansion = CronSyntax.expandMacro(word);
            if (expansion == null) {
                throw new InvalidJobException("schedule", "unknown macro \"" + parts[0]
                        + "\"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>");
            }
            if (parts.length > 1) {
                throw new InvalidJobException("schedule", parts[0] + " takes nothing after it; got \"" + parts[1] + "\"");
            }
            fields = expansion.split(" ");
        } else {
            fields = CronSyntax.split(trimmed);
        }
        return new CronSpec(text, fields, CronSyntax.parse(fields), null);
    }

    private static Duration parseEvery(String arg) {
        if (arg.isBlank()) {
            throw new InvalidJobException("schedule.every", "@every needs a duration such as 30s, 5m, 2h or 1d");
        }
        Duration d;
        try {
            d = Durations.parse(arg);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("schedule.every",
                    "@every needs a duration such as 30s, 5m, 2h, 1d or PT90M; got \"" + arg.trim() + "\"");
        }
        if (d.compareTo(MIN_EVERY) < 0) {
            throw new InvalidJobException("schedule.every", "@every interval must be at least 1s; got " + arg.trim());
        }
        if (d.compareTo(MAX_EVERY) > 0) {
            throw new InvalidJobException("schedule.every", "@every interval must be at most 366d; got " + arg.trim());
        }
        // Fire times are whole milliseconds since the epoch, so the interval must be too.
        if (d.getNano() % 1_000_000 != 0) {
            throw new InvalidJobException("schedule.every", "@every interval must be a whole number of milliseconds; got " + arg.trim());
        }
        return d;
    }

    /** The text this was parsed from, unchanged. */
    public String text() {
        return text;
    }

    /**
     * True for {@code @every} and for cron schedules whose hour field is {@code *}. These fire
     * every hour or more often and follow elapsed time through daylight-saving changes instead
     * of applying the {@link DstGapRule} and {@link DstOverlapRule}.
     */
    public boolean isInterval() {
        return interval;
    }

    /** The interval of an {@code @every} schedule; empty for cron schedules. */
    public Optional<Duration> every() {
        return Optional.ofNullable(every);
    }

    /** Plain English for common forms, e.g. "every 5 minutes" or "every day at 02:00"; otherwise the text. */
    public String describe() {
        return every != null ? CronDescription.ofEvery(every) : CronDescription.ofFields(fields, text.trim());
    }

    /**
     * The first nominal fire time strictly after {@code after}, or empty when the schedule never
     * fires again (e.g. {@code 0 0 31 2 *}).
     *
     * <p>Fixed-time schedules find matching local date-times in {@code zone}. A local time that
     * falls in a spring-forward gap fires at the end of the gap under {@link DstGapRule#SHIFT}
     * (several such times in one gap fire once) and not at all under {@link DstGapRule#SKIP}. A
     * local time that happens twice fires at the earlier instant under {@link DstOverlapRule#ONCE}
     * and at both under {@link DstOverlapRule#TWICE}.
     *
     * <p>{@linkplain #isInterval() Interval} schedules ignore both rules: a cron local time in a
     * gap does not fire and one in an overlap fires at both instants, so {@code *}{@code /5 * * * *}
     * stays five minutes of elapsed time apart. {@code @every d} fires at the instants
     * {@code k * d} since 1970-01-01T00:00Z, the same on every node without a stored anchor; the
     * zone does not matter.
     */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone, DstGapRule gap, DstOverlapRule overlap) {
        Objects.requireNonNull(after, "after");
        return fireTimes(zone, gap, overlap).nextAfter(after);
    }

    /** The fire times of this spec in {@code zone} under the given rules (see {@link #nextAfter}), to ask repeatedly. */
    public FireTimes fireTimes(ZoneId zone, DstGapRule gap, DstOverlapRule overlap) {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(gap, "gap");
        Objects.requireNonNull(overlap, "overlap");
        if (every != null) {
            Duration step = every;
            return after -> Optional.of(EveryFireTimes.nextAfter(step, after));
        }
        return new CronFireTimes(cron, zone, interval, gap, overlap);
    }

    /**
     * Up to {@code count} successive fire times after {@code after}, strictly increasing, for
     * previews; fewer when the schedule stops firing.
     */
    public List<Instant> next(int count, Instant after, ZoneId zone, DstGapRule gap, DstOverlapRule overlap) {
        return fireTimes(zone, gap, overlap).next(count, after);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSpec other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

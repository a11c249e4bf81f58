package dev.tock.http.dto;

import dev.tock.Durations;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.InvalidJobException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/** Parsing of request fields whose wire form is text (times, durations, enum names); errors name the field. */
public final class Fields {
    private Fields() {
    }

    public static Duration duration(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(field, field + ": " + e.getMessage());
        }
    }

    public static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            java.time.OffsetDateTime time = java.time.OffsetDateTime.parse(text);
            if (time.getYear() < 1 || time.getYear() > 9999) {
                throw ApiProblem.invalidField(field, field + ": the year must be 0001-9999 (RFC 3339), was \"" + text + "\"");
            }
            return time.toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField(field, field + ": not a time: \"" + text
                    + "\" (use RFC 3339 with an offset, e.g. 2026-01-31T09:00:00Z)");
        }
    }

    /** An enum given by its lower-case wire name. */
    public static <E extends Enum<E>> E choice(String field, String text, Class<E> type) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).reduce((a, b) -> a + ", " + b).orElse("");
            throw ApiProblem.invalidField(field, field + ": \"" + text + "\" is not one of " + allowed);
        }
    }

    /** An overlap policy: {@code allow}, {@code forbid}, {@code replace} or {@code buffer_one} (also {@code BufferOne}). */
    public static dev.tock.schedule.OverlapPolicy overlap(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return dev.tock.schedule.OverlapPolicy.fromWireName(text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(field, field + ": " + e.getMessage());
        }
    }

    public static String format(Duration d) {
        return d == null ? null : Durations.format(d);
    }

    public static String format(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Runs {@code build}, prefixing the field of an {@link InvalidJobException} with {@code prefix}. */
    public static <T> T within(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidJobException e) {
            throw ApiProblem.invalidField(prefix + "." + e.field(), prefix + "." + e.getMessage());
        } catch (ApiProblem p) {
            throw p.within(prefix);
        }
    }

    static <A, B> B map(A value, Function<A, B> f) {
        return value == null ? null : f.apply(value);
    }
}

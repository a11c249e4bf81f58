package dev.tock;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /** The longest duration read: a hundred years, far beyond any timeout or window, far below where arithmetic overflows. */
    public static final Duration MAX = Duration.ofDays(36_500);

    public static Duration parse(String text) {
        Duration d;
        try {
            d = parseUnchecked(text);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long (at most " + MAX.toDays() + "d)");
        }
        if (d.abs().compareTo(MAX) > 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long (at most " + MAX.toDays() + "d)");
        }
        return d;
    }

    private static Duration parseUnchecked(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing");
        }
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\" (use e.g. 500ms, 30s, 5m, 2h, 1d or PT30S)");
        }
    }

    /** The shortest of the forms {@link #parse} reads back. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}

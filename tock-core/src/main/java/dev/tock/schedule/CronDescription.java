package dev.tock.schedule;

import java.time.Duration;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English for the common schedule shapes, for listings and previews. Best effort by design: a
 * shape it does not know is shown as the cron text, which is never wrong.
 */
final class CronDescription {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,2}");
    private static final Pattern STEP = Pattern.compile("\\*/(\\d+)");
    private static final String[] DAY_NAMES = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final List<String> DAY_ABBREVIATIONS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<String> MONTH_ABBREVIATIONS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

    private CronDescription() {
    }

    /** "every 30 seconds", "every 10 minutes", "every hour", "every 2 days", ... */
    static String ofEvery(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) return "every " + count(ms / 86_400_000, "day");
        if (ms % 3_600_000 == 0) return "every " + count(ms / 3_600_000, "hour");
        if (ms % 60_000 == 0) return "every " + count(ms / 60_000, "minute");
        if (ms % 1000 == 0) return "every " + count(ms / 1000, "second");
        return "every " + count(ms, "millisecond");
    }

    /** The description of cron {@code fields} (5 or 6), or {@code fallback} when the shape is unusual. */
    static String ofFields(String[] fields, String fallback) {
        String second = fields.length == 6 ? fields[0] : "0";
        int o = fields.length - 5;
        String minute = fields[o], hour = fields[o + 1], dom = fields[o + 2], month = fields[o + 3], dow = fields[o + 4];
        boolean everyDay = dom.equals("*") && month.equals("*") && dow.equals("*");

        // Sub-minute and sub-hour repetition: "every 30 seconds", "every 5 minutes".
        if (everyDay && hour.equals("*")) {
            if (minute.equals("*") && !second.equals("0")) {
                Integer s = step(second);
                if (s != null) return "every " + count(s, "second");
                if (isNumber(second)) return "at second " + Integer.parseInt(second) + " of every minute";
            } else if (second.equals("0")) {
                Integer m = step(minute);
                if (m != null) return "every " + count(m, "minute");
                if (isNumber(minute)) return "at minute " + Integer.parseInt(minute) + " of every hour";
            }
            return fallback;
        }
        // From here on: one fixed time of day.
        if (!isNumber(second) || !isNumber(minute) || !isNumber(hour)) {
            return fallback;
        }
        String at = "at " + time(Integer.parseInt(hour), Integer.parseInt(minute), Integer.parseInt(second));
        if (everyDay) {
            return "every day " + at;
        }
        if (dom.equals("*") && month.equals("*")) {
            String days = days(dow);
            return days == null ? fallback : "every " + days + " " + at;
        }
        if (dow.equals("*") && isNumber(dom)) {
            if (month.equals("*")) {
                return "on day " + Integer.parseInt(dom) + " of every month " + at;
            }
            String monthName = monthName(month);
            if (monthName != null) {
                return "every year on " + Integer.parseInt(dom) + " " + monthName + " " + at;
            }
        }
        return fallback;
    }

    private static String time(int hour, int minute, int second) {
        return second == 0
                ? String.format(Locale.ROOT, "%02d:%02d", hour, minute)
                : String.format(Locale.ROOT, "%02d:%02d:%02d", hour, minute, second);
    }

    /** "Monday", "Monday to Friday", "Monday, Wednesday and Friday"; null for anything else. */
    private static String days(String dow) {
        Matcher range = Pattern.compile("(\\w+)-(\\w+)").matcher(dow);
        if (range.matches()) {
            String from = dayName(range.group(1)), to = dayName(range.group(2));
            return from == null || to == null ? null : from + " to " + to;
        }
        List<String> names = new ArrayList<>();
        for (String part : dow.split(",")) {
            String name = dayName(part);
            if (name == null) return null;
            names.add(name);
        }
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String dayName(String token) {
        if (NUMBER.matcher(token).matches()) {
            int n = Integer.parseInt(token);
            return n <= 7 ? DAY_NAMES[n] : null;
        }
        int i = DAY_ABBREVIATIONS.indexOf(token.toUpperCase(Locale.ROOT));
        return i < 0 ? null : DAY_NAMES[i];
    }

    private static String monthName(String token) {
        int n;
        if (NUMBER.matcher(token).matches()) {
            n = Integer.parseInt(token);
        } else {
            n = MONTH_ABBREVIATIONS.indexOf(token.toUpperCase(Locale.ROOT)) + 1;
        }
        return n >= 1 && n <= 12 ? Month.of(n).getDisplayName(TextStyle.FULL, Locale.ENGLISH) : null;
    }

    /** N for "*" + "/N" (or 1 for "*"), else null. */
    private static Integer step(String field) {
        if (field.equals("*")) return 1;
        Matcher m = STEP.matcher(field);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    private static boolean isNumber(String field) {
        return NUMBER.matcher(field).matches();
    }

    private static String count(long n, String unit) {
        return n == 1 ? unit : n + " " + unit + "s";
    }
}

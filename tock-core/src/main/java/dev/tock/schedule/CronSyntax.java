package dev.tock.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.tock.model.InvalidJobException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the cron part of a schedule into a cron-utils {@link Cron}, and turns cron-utils' errors
 * (which do not say which field is wrong) into errors that name the field.
 */
final class CronSyntax {
    /** The macros Kubernetes CronJobs accept, as the five-field expressions they stand for. */
    static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    // Both forms share one day-of-week definition, so that 0 and 7 are Sunday, names work, and a
    // restricted day-of-month and day-of-week combine with OR as in crontab and Kubernetes.
    private static final CronParser FIVE = new CronParser(define(false));
    private static final CronParser SIX = new CronParser(define(true));

    private CronSyntax() {
    }

    private static CronDefinition define(boolean withSeconds) {
        CronDefinitionBuilder b = CronDefinitionBuilder.defineCron();
        if (withSeconds) {
            b = b.withSeconds().and();
        }
        return b.withMinutes().and()
                .withHours().and()
                .withDayOfMonth().and()
                .withMonth().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).and()
                .instance();
    }

    /**
     * The fields of {@code text} (already trimmed, not a macro), checked for count.
     *
     * @throws InvalidJobException on field {@code schedule} when there are not 5 or 6 fields
     */
    static String[] split(String text) {
        String[] tokens = text.split("\\s+");
        if (tokens.length != 5 && tokens.length != 6) {
            throw new InvalidJobException("schedule",
                    "expected 5 fields, or 6 with a leading seconds field; got " + tokens.length + " in \"" + text + "\"");
        }
        return tokens;
    }

    /** The fields that {@code tokens} holds, in order. */
    static CronField[] fieldsOf(String[] tokens) {
        return tokens.length == 6 ? CronField.SIX : CronField.FIVE;
    }

    /**
     * Parses 5 or 6 fields.
     *
     * @throws InvalidJobException naming the first bad field, e.g. {@code schedule.minute}
     */
    static Cron parse(String[] tokens) {
        CronParser parser = tokens.length == 6 ? SIX : FIVE;
        try {
            return parser.parse(String.join(" ", tokens));
        } catch (RuntimeException e) {
            throw blame(parser, tokens, e);
        }
    }

    /**
     * cron-utils reports "Value 61 not in range [0, 59]" without saying where, so try each field
     * on its own, with every other field a wildcard, and blame the first one that fails.
     */
    private static InvalidJobException blame(CronParser parser, String[] tokens, RuntimeException whole) {
        CronField[] fields = fieldsOf(tokens);
        for (int i = 0; i < tokens.length; i++) {
            String[] probe = new String[tokens.length];
            Arrays.fill(probe, "*");
            probe[i] = tokens[i];
            try {
                parser.parse(String.join(" ", probe));
            } catch (RuntimeException e) {
                CronField f = fields[i];
                return new InvalidJobException(f.errorField(),
                        f.label() + " field \"" + tokens[i] + "\" is invalid (" + detail(e)
                                + "); allowed: " + f.allowed() + ", *, lists (1,2), ranges (1-5) and steps (*/5)");
            }
        }
        // Every field parses alone, so the combination is what cron-utils refused.
        return new InvalidJobException("schedule", "invalid cron expression \"" + String.join(" ", tokens) + "\": " + detail(whole));
    }

    private static String detail(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // cron-utils prefixes every message with this; it says nothing the caller does not know.
        m = m.replace("Failed to parse cron expression. ", "").trim();
        return m.isEmpty() ? "not understood" : m;
    }

    /** The macro's five-field expansion, or null when {@code word} is not a known macro. */
    static String expandMacro(String word) {
        return MACROS.get(word.toLowerCase(Locale.ROOT));
    }
}

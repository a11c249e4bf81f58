package dev.tock.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tock.model.InvalidJobException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronSpecParseTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // text                    | interval | describe
            "*/5 * * * *               | true     | every 5 minutes",
            "* * * * *                 | true     | every minute",
            "0 * * * *                 | true     | at minute 0 of every hour",
            "0 2 * * *                 | false    | every day at 02:00",
            "30 9 * * MON-FRI          | false    | every Monday to Friday at 09:30",
            "0 9 * * mon,wed,FRI       | false    | every Monday, Wednesday and Friday at 09:00",
            "0 0 * * 7                 | false    | every Sunday at 00:00",
            "15 4 1 * *                | false    | on day 1 of every month at 04:15",
            "0 12 25 DEC *             | false    | every year on 25 December at 12:00",
            "0 0 1-7 JAN,JUL *         | false    | 0 0 1-7 JAN,JUL *",
            "0 */2 * * *               | false    | 0 */2 * * *",
            "*/30 * * * * *            | true     | every 30 seconds",
            "* * * * * *               | true     | every second",
            "0 30 2 * * *              | false    | every day at 02:30",
            "15 30 2 * * *             | false    | every day at 02:30:15",
            "@yearly                   | false    | every year on 1 January at 00:00",
            "@annually                 | false    | every year on 1 January at 00:00",
            "@monthly                  | false    | on day 1 of every month at 00:00",
            "@weekly                   | false    | every Sunday at 00:00",
            "@daily                    | false    | every day at 00:00",
            "@midnight                 | false    | every day at 00:00",
            "@HOURLY                   | true     | at minute 0 of every hour",
            "@every 30s                | true     | every 30 seconds",
            "@every 10m                | true     | every 10 minutes",
            "@every 2h                 | true     | every 2 hours",
            "@every 1d                 | true     | every day",
            "@every PT90M              | true     | every 90 minutes",
            "@every 1500ms             | true     | every 1500 milliseconds",
            "@every 366d               | true     | every 366 days",
    })
    void acceptsEveryForm(String text, boolean interval, String describe) {
        CronSpec spec = CronSpec.parse(text);
        assertThat(spec.text()).isEqualTo(text);
        assertThat(spec.isInterval()).isEqualTo(interval);
        assertThat(spec.describe()).isEqualTo(describe);
    }

    @Test
    void keepsTheOriginalTextAndExposesTheEveryInterval() {
        CronSpec spec = CronSpec.parse("  @every 5m ");
        assertThat(spec.text()).isEqualTo("  @every 5m ");
        assertThat(spec.every()).contains(Duration.ofMinutes(5));
        assertThat(CronSpec.parse("*/5 * * * *").every()).isEmpty();
        assertThat(CronSpec.parse("0 2 * * *")).isEqualTo(CronSpec.parse("0 2 * * *"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // text              | field               | message contains
            "61 * * * *          | schedule.minute     | 61",
            "* 24 * * *          | schedule.hour       | 24",
            "* * 32 * *          | schedule.dayOfMonth | 32",
            "* * * 13 *          | schedule.month      | 13",
            "* * * * 8           | schedule.dayOfWeek  | 8",
            "a b c d e           | schedule.minute     | \"a\"",
            "* * * JAN-FOO *     | schedule.month      | JAN-FOO",
            "*/0 * * * *         | schedule.minute     | */0",
            "60 * * * * *        | schedule.second     | 60",
            "0 60 * * * *        | schedule.minute     | 60",
            "@every 0s           | schedule.every      | at least 1s",
            "@every 500ms        | schedule.every      | at least 1s",
            "@every 367d         | schedule.every      | at most 366d",
            "@every soon         | schedule.every      | soon",
            "@every              | schedule.every      | needs a duration",
            "* * * * * * *       | schedule            | expected 5 fields, or 6 with a leading seconds field; got 7",
            "* * * *             | schedule            | got 4",
            "@sometimes          | schedule            | @sometimes",
            "@daily 5            | schedule            | takes nothing",
    })
    void rejectsBadSpecsNamingTheField(String text, String field, String contains) {
        InvalidJobException e = catchThrowableOfType(InvalidJobException.class, () -> CronSpec.parse(text));
        assertThat(e).as("parse(%s) should fail", text).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(contains);
    }

    @Test
    void badFieldMessageGivesTheValueAndTheRange() {
        InvalidJobException e = catchThrowableOfType(InvalidJobException.class, () -> CronSpec.parse("61 * * * *"));
        assertThat(e.field()).isEqualTo("schedule.minute");
        assertThat(e.getMessage()).contains("61").contains("0-59");

        e = catchThrowableOfType(InvalidJobException.class, () -> CronSpec.parse("* * * * 8"));
        assertThat(e.getMessage()).contains("8").contains("0-7");

        e = catchThrowableOfType(InvalidJobException.class, () -> CronSpec.parse("0 0 1 1 * 9"));
        assertThat(e.field()).isEqualTo("schedule.dayOfWeek");
    }

    @Test
    void rejectsEmptyAndBlankText() {
        for (String text : new String[] {"", "   ", null}) {
            InvalidJobException e = catchThrowableOfType(InvalidJobException.class, () -> CronSpec.parse(text));
            assertThat(e.field()).isEqualTo("schedule");
            assertThat(e.getMessage()).contains("empty");
        }
    }

    @Test
    void sevenFieldsMessageIsExact() {
        InvalidJobException e = catchThrowableOfType(InvalidJobException.class, () -> CronSpec.parse("* * * * * * *"));
        assertThat(e.getMessage()).startsWith("schedule: expected 5 fields, or 6 with a leading seconds field; got 7");
    }

    @Test
    void dstRulesRoundTripTheirWireNames() {
        for (DstGapRule r : DstGapRule.values()) {
            assertThat(DstGapRule.fromWireName(r.wireName())).isEqualTo(r);
        }
        for (DstOverlapRule r : DstOverlapRule.values()) {
            assertThat(DstOverlapRule.fromWireName(r.wireName())).isEqualTo(r);
        }
        assertThat(DstGapRule.SHIFT.wireName()).isEqualTo("shift");
        assertThat(DstGapRule.fromWireName("skip")).isEqualTo(DstGapRule.SKIP);
        assertThat(DstOverlapRule.TWICE.wireName()).isEqualTo("twice");
        assertThat(DstGapRule.DEFAULT).isEqualTo(DstGapRule.SHIFT);
        assertThat(DstOverlapRule.DEFAULT).isEqualTo(DstOverlapRule.ONCE);
    }
}

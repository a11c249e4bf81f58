package dev.tock.schedule;

import static dev.tock.schedule.DstGapRule.SHIFT;
import static dev.tock.schedule.DstGapRule.SKIP;
import static dev.tock.schedule.DstOverlapRule.ONCE;
import static dev.tock.schedule.DstOverlapRule.TWICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fire times, with the DST transitions of 2026 taken from java.time's rules for each zone. */
class FireTimesTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Clocks move by 30 minutes: 02:00 → 02:30 in October, 02:00 → 01:30 in April. */
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

    static Stream<ZoneId> zones() {
        return Stream.of(LONDON, NEW_YORK, LORD_HOWE);
    }

    /** Every 2026 transition of every zone: (zone, transition). */
    static Stream<Arguments> transitions() {
        return zones().flatMap(z -> Stream.of(Arguments.of(z, gapOf2026(z)), Arguments.of(z, overlapOf2026(z))));
    }

    static ZoneOffsetTransition gapOf2026(ZoneId zone) {
        return transitionOf2026(zone, true);
    }

    static ZoneOffsetTransition overlapOf2026(ZoneId zone) {
        return transitionOf2026(zone, false);
    }

    private static ZoneOffsetTransition transitionOf2026(ZoneId zone, boolean gap) {
        ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
        while (t.isGap() != gap) {
            t = zone.getRules().nextTransition(t.getInstant());
        }
        assertThat(t.getInstant()).isBefore(Instant.parse("2027-01-01T00:00:00Z"));
        return t;
    }

    /** A daily cron spec at the given local time of day. */
    private static CronSpec dailyAt(LocalDateTime local) {
        return CronSpec.parse(local.getMinute() + " " + local.getHour() + " * * *");
    }

    private static Instant at(LocalDateTime local, ZoneId zone) {
        return local.atZone(zone).toInstant();
    }

    // ---------------------------------------------------------------- sanity of the test's own inputs

    @Test
    void transitionsAreTheRealOnes() {
        // Derived from the rules; spelled out once so a reader can see what the other tests exercise.
        assertThat(gapOf2026(LONDON).getInstant()).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(overlapOf2026(LONDON).getInstant()).isEqualTo(Instant.parse("2026-10-25T01:00:00Z"));
        assertThat(gapOf2026(LORD_HOWE).getDateTimeBefore().toLocalTime()).hasToString("02:00");
        assertThat(gapOf2026(LORD_HOWE).getDateTimeAfter().toLocalTime()).hasToString("02:30");
        assertThat(overlapOf2026(LORD_HOWE).getDateTimeAfter().toLocalTime()).hasToString("01:30");
        assertThat(overlapOf2026(LORD_HOWE).getDuration()).isEqualTo(Duration.ofMinutes(-30));
    }

    // ---------------------------------------------------------------- spring forward: fixed time in the gap

    @ParameterizedTest
    @MethodSource("zones")
    void gapShiftFiresAtTheTransitionInstant(ZoneId zone) {
        ZoneOffsetTransition t = gapOf2026(zone);
        LocalDateTime inGap = t.getDateTimeBefore().plus(t.getDuration().dividedBy(2)); // 01:30, 02:30, 02:15
        CronSpec spec = dailyAt(inGap);
        Instant after = t.getInstant().minus(Duration.ofHours(12));

        assertThat(spec.next(3, after, zone, SHIFT, ONCE)).containsExactly(
                t.getInstant(),
                at(inGap.plusDays(1), zone),
                at(inGap.plusDays(2), zone));
    }

    @ParameterizedTest
    @MethodSource("zones")
    void gapSkipDoesNotFireThatDay(ZoneId zone) {
        ZoneOffsetTransition t = gapOf2026(zone);
        LocalDateTime inGap = t.getDateTimeBefore().plus(t.getDuration().dividedBy(2));
        CronSpec spec = dailyAt(inGap);
        Instant after = t.getInstant().minus(Duration.ofHours(12));

        assertThat(spec.nextAfter(after, zone, SKIP, ONCE)).contains(at(inGap.plusDays(1), zone));
        assertThat(spec.next(2, after, zone, SKIP, TWICE)).containsExactly(
                at(inGap.plusDays(1), zone), at(inGap.plusDays(2), zone));
    }

    @ParameterizedTest
    @MethodSource("zones")
    void severalTimesInOneGapCollapseToOneShiftedFire(ZoneId zone) {
        ZoneOffsetTransition t = gapOf2026(zone);
        LocalDateTime start = t.getDateTimeBefore(); // every gap here is at least 30 minutes long
        CronSpec spec = CronSpec.parse(start.getMinute() + "," + (start.getMinute() + 10) + "," + (start.getMinute() + 20)
                + " " + start.getHour() + " * * *");
        Instant after = t.getInstant().minus(Duration.ofHours(12));

        assertThat(spec.next(4, after, zone, SHIFT, ONCE)).containsExactly(
                t.getInstant(),
                at(start.plusDays(1), zone),
                at(start.plusDays(1).plusMinutes(10), zone),
                at(start.plusDays(1).plusMinutes(20), zone));
        assertThat(spec.next(2, after, zone, SKIP, ONCE)).containsExactly(
                at(start.plusDays(1), zone),
                at(start.plusDays(1).plusMinutes(10), zone));
    }

    @Test
    void gapShiftInLondonIsOneAmUtc() {
        // Explicit instants for one case: 01:30 does not exist on 29 March 2026 in London.
        CronSpec spec = CronSpec.parse("30 1 * * *");
        assertThat(spec.next(2, Instant.parse("2026-03-28T12:00:00Z"), LONDON, SHIFT, ONCE)).containsExactly(
                Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
    }

    // ---------------------------------------------------------------- fall back: fixed time in the overlap

    @ParameterizedTest
    @MethodSource("zones")
    void overlapOnceFiresAtTheEarlierInstantOnly(ZoneId zone) {
        ZoneOffsetTransition t = overlapOf2026(zone);
        LocalDateTime inOverlap = t.getDateTimeAfter().minus(t.getDuration().dividedBy(2)); // 01:30, 01:30, 01:45
        CronSpec spec = dailyAt(inOverlap);
        Instant after = t.getInstant().minus(Duration.ofHours(12));
        Instant first = inOverlap.toInstant(t.getOffsetBefore());

        assertThat(spec.next(2, after, zone, SHIFT, ONCE)).containsExactly(first, at(inOverlap.plusDays(1), zone));
        assertThat(spec.nextAfter(first, zone, SHIFT, ONCE)).contains(at(inOverlap.plusDays(1), zone));
    }

    @ParameterizedTest
    @MethodSource("zones")
    void overlapTwiceFiresAtBothInstants(ZoneId zone) {
        ZoneOffsetTransition t = overlapOf2026(zone);
        LocalDateTime inOverlap = t.getDateTimeAfter().minus(t.getDuration().dividedBy(2));
        CronSpec spec = dailyAt(inOverlap);
        Instant after = t.getInstant().minus(Duration.ofHours(12));
        Instant first = inOverlap.toInstant(t.getOffsetBefore());
        Instant second = inOverlap.toInstant(t.getOffsetAfter());
        assertThat(Duration.between(first, second)).isEqualTo(t.getDuration().negated());

        assertThat(spec.next(3, after, zone, SHIFT, TWICE)).containsExactly(first, second, at(inOverlap.plusDays(1), zone));
        // From the first fire, and from just after it, the repeat is next even though its local time is earlier.
        assertThat(spec.nextAfter(first, zone, SKIP, TWICE)).contains(second);
        assertThat(spec.nextAfter(first.plusSeconds(60), zone, SKIP, TWICE)).contains(second);
        assertThat(spec.nextAfter(second, zone, SKIP, TWICE)).contains(at(inOverlap.plusDays(1), zone));
    }

    @Test
    void overlapTwiceInLondonIsAnHourApart() {
        CronSpec spec = CronSpec.parse("30 1 * * *");
        assertThat(spec.next(3, Instant.parse("2026-10-24T12:00:00Z"), LONDON, SHIFT, TWICE)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    // ---------------------------------------------------------------- interval specs follow elapsed time

    @ParameterizedTest
    @MethodSource("transitions")
    void everyFiveMinutesStaysFiveMinutesApartAcrossTransitions(ZoneId zone, ZoneOffsetTransition t) {
        assertElapsedSteps(CronSpec.parse("*/5 * * * *"), zone, t, Duration.ofMinutes(5), 40);
    }

    @ParameterizedTest
    @MethodSource("transitions")
    void everyFifteenMinutesStaysFifteenMinutesApartAcrossTransitions(ZoneId zone, ZoneOffsetTransition t) {
        assertElapsedSteps(CronSpec.parse("*/15 * * * *"), zone, t, Duration.ofMinutes(15), 16);
    }

    /** From an hour before the transition the fires are exactly after + k*step, whatever the DST rules say. */
    private static void assertElapsedSteps(CronSpec spec, ZoneId zone, ZoneOffsetTransition t, Duration step, int count) {
        Instant after = t.getInstant().minus(Duration.ofHours(1));
        List<Instant> expected = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            expected.add(after.plus(step.multipliedBy(k)));
        }
        for (DstGapRule gap : DstGapRule.values()) {
            for (DstOverlapRule overlap : DstOverlapRule.values()) {
                assertThat(spec.next(count, after, zone, gap, overlap)).as("%s %s %s", zone, gap, overlap).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("zones")
    void intervalMinuteInsideTheGapIsMissedNotShifted(ZoneId zone) {
        ZoneOffsetTransition t = gapOf2026(zone);
        int minute = t.getDateTimeBefore().plus(t.getDuration().dividedBy(2)).getMinute(); // 30, 30, 15
        CronSpec spec = CronSpec.parse(minute + " * * * *");
        // The hour before the gap fires at its minute; the gap's hour has none; then the hour after the gap.
        // The gap starts on the hour in all three zones, so the minute in the hour before it is an hour earlier.
        Instant lastBefore = t.getDateTimeBefore().withMinute(minute).minusHours(1).toInstant(t.getOffsetBefore());
        Instant firstAfter = t.getDateTimeBefore().withMinute(minute).plusHours(1).toInstant(t.getOffsetAfter());
        for (DstGapRule gap : DstGapRule.values()) {
            assertThat(spec.next(3, t.getInstant().minus(Duration.ofHours(1)), zone, gap, ONCE)).as("%s %s", zone, gap)
                    .containsExactly(lastBefore, firstAfter, firstAfter.plus(Duration.ofHours(1)));
        }
    }

    @Test
    void intervalMinuteInsideTheLondonGapIsMissed() {
        // 01:30 GMT does not exist on 29 March 2026; 00:30 GMT and 02:30 BST are an hour apart.
        assertThat(CronSpec.parse("30 * * * *").next(3, Instant.parse("2026-03-29T00:00:00Z"), LONDON, SHIFT, ONCE))
                .containsExactly(Instant.parse("2026-03-29T00:30:00Z"), Instant.parse("2026-03-29T01:30:00Z"),
                        Instant.parse("2026-03-29T02:30:00Z"));
    }

    @Test
    void hourlyFiresEveryElapsedHourThroughLondonFallBack() {
        assertThat(CronSpec.parse("@hourly").next(4, Instant.parse("2026-10-24T23:30:00Z"), LONDON, SHIFT, ONCE)).containsExactly(
                Instant.parse("2026-10-25T00:00:00Z"), // 01:00 BST
                Instant.parse("2026-10-25T01:00:00Z"), // 01:00 GMT, the repeat
                Instant.parse("2026-10-25T02:00:00Z"),
                Instant.parse("2026-10-25T03:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("transitions")
    void everyTenMinutesIsEpochAlignedAcrossTransitions(ZoneId zone, ZoneOffsetTransition t) {
        CronSpec spec = CronSpec.parse("@every 10m");
        Instant after = t.getInstant().minus(Duration.ofHours(1)).plusSeconds(7);
        List<Instant> expected = new ArrayList<>();
        Instant first = t.getInstant().minus(Duration.ofMinutes(50)); // every transition here is on a 10-minute UTC boundary
        for (int k = 0; k < 12; k++) {
            expected.add(first.plus(Duration.ofMinutes(10L * k)));
        }
        assertThat(spec.next(12, after, zone, SKIP, TWICE)).isEqualTo(expected);
        assertThat(spec.next(12, after, ZoneOffset.UTC, SHIFT, ONCE)).isEqualTo(expected);
    }

    @Test
    void everyIsAlignedToTheEpochNotToTheQuery() {
        CronSpec spec = CronSpec.parse("@every 7s");
        // 1_000_000_003 = 7 * 142_857_143 + 2: the next multiple of 7 s is 5 s later.
        assertThat(spec.nextAfter(Instant.ofEpochSecond(1_000_000_003L), LONDON, SHIFT, ONCE))
                .contains(Instant.ofEpochSecond(1_000_000_008L));
        assertThat(CronSpec.parse("@every 1d").nextAfter(Instant.parse("2026-06-01T13:14:15Z"), NEW_YORK, SHIFT, ONCE))
                .contains(Instant.parse("2026-06-02T00:00:00Z"));
    }

    // ---------------------------------------------------------------- ordinary days and edges

    @Test
    void normalDaysFarFromTransitions() {
        CronSpec weekdays = CronSpec.parse("0 9 * * MON-FRI");
        // Friday 12 June 2026, 10:00 EDT: next is Monday 09:00 EDT.
        assertThat(weekdays.next(2, Instant.parse("2026-06-12T14:00:00Z"), NEW_YORK, SHIFT, ONCE)).containsExactly(
                Instant.parse("2026-06-15T13:00:00Z"), Instant.parse("2026-06-16T13:00:00Z"));
        assertThat(CronSpec.parse("30 1 * * *").nextAfter(Instant.parse("2026-07-09T12:00:00Z"), LONDON, SKIP, TWICE))
                .contains(Instant.parse("2026-07-10T00:30:00Z"));
        // Lord Howe in June is on standard time, +10:30.
        assertThat(CronSpec.parse("15 2 * * *").nextAfter(Instant.parse("2026-06-10T00:00:00Z"), LORD_HOWE, SHIFT, ONCE))
                .contains(Instant.parse("2026-06-10T15:45:00Z"));
        // Day-of-month and day-of-week both restricted: either matches, as in crontab.
        assertThat(CronSpec.parse("0 0 14 * FRI").next(3, Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC, SHIFT, ONCE))
                .containsExactly(Instant.parse("2026-03-06T00:00:00Z"), Instant.parse("2026-03-13T00:00:00Z"),
                        Instant.parse("2026-03-14T00:00:00Z"));
    }

    @Test
    void nextAfterIsStrictlyAfter() {
        assertThat(CronSpec.parse("0 9 * * *").nextAfter(Instant.parse("2026-06-01T08:00:00Z"), LONDON, SHIFT, ONCE))
                .contains(Instant.parse("2026-06-02T08:00:00Z"));
        assertThat(CronSpec.parse("*/5 * * * *").nextAfter(Instant.parse("2026-06-01T08:05:00Z"), LONDON, SHIFT, ONCE))
                .contains(Instant.parse("2026-06-01T08:10:00Z"));
        assertThat(CronSpec.parse("@every 10m").nextAfter(Instant.parse("2026-06-01T08:10:00Z"), LONDON, SHIFT, ONCE))
                .contains(Instant.parse("2026-06-01T08:20:00Z"));
        // A hair before a fire still gets that fire.
        assertThat(CronSpec.parse("0 9 * * *").nextAfter(Instant.parse("2026-06-01T07:59:59.999Z"), LONDON, SHIFT, ONCE))
                .contains(Instant.parse("2026-06-01T08:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("transitions")
    void previewsAreStrictlyIncreasing(ZoneId zone, ZoneOffsetTransition t) {
        Instant after = t.getInstant().minus(Duration.ofDays(1));
        for (String text : List.of("30 1 * * *", "15 2 * * *", "0,30 1,2 * * *", "*/5 * * * *", "@every 45m", "0 * * * *")) {
            for (DstOverlapRule overlap : DstOverlapRule.values()) {
                List<Instant> fires = CronSpec.parse(text).next(5, after, zone, SHIFT, overlap);
                assertThat(fires).as("%s in %s", text, zone).hasSize(5).isSorted().doesNotHaveDuplicates();
                assertThat(fires.get(0)).isAfter(after);
            }
        }
    }

    @Test
    void sixFieldEverySecond() {
        assertThat(CronSpec.parse("* * * * * *").next(3, Instant.parse("2026-06-01T00:00:00.500Z"), LONDON, SHIFT, ONCE))
                .containsExactly(Instant.parse("2026-06-01T00:00:01Z"), Instant.parse("2026-06-01T00:00:02Z"),
                        Instant.parse("2026-06-01T00:00:03Z"));
        assertThat(CronSpec.parse("*/20 * * * * *").next(3, Instant.parse("2026-06-01T00:00:00Z"), NEW_YORK, SHIFT, ONCE))
                .containsExactly(Instant.parse("2026-06-01T00:00:20Z"), Instant.parse("2026-06-01T00:00:40Z"),
                        Instant.parse("2026-06-01T00:01:00Z"));
    }

    @Test
    void everySecondThroughTheLordHoweGapIsOneSecondApart() {
        ZoneOffsetTransition t = gapOf2026(LORD_HOWE);
        assertThat(CronSpec.parse("* * * * * *").next(3, t.getInstant().minusSeconds(2), LORD_HOWE, SHIFT, ONCE))
                .containsExactly(t.getInstant().minusSeconds(1), t.getInstant(), t.getInstant().plusSeconds(1));
    }

    @Test
    void yearlyFromTheLastDayOfTheYear() {
        CronSpec yearly = CronSpec.parse("@yearly");
        assertThat(yearly.nextAfter(Instant.parse("2026-12-31T23:59:59Z"), ZoneOffset.UTC, SHIFT, ONCE))
                .contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(yearly.nextAfter(Instant.parse("2026-12-31T12:00:00Z"), NEW_YORK, SHIFT, ONCE))
                .contains(Instant.parse("2027-01-01T05:00:00Z"));
        // Lord Howe is on +11 in January, so its new year starts on 31 December in UTC.
        assertThat(yearly.next(2, Instant.parse("2026-12-31T00:00:00Z"), LORD_HOWE, SHIFT, ONCE))
                .containsExactly(Instant.parse("2026-12-31T13:00:00Z"), Instant.parse("2027-12-31T13:00:00Z"));
    }

    @Test
    void aSpecThatNeverFiresGivesNothing() {
        CronSpec never = CronSpec.parse("0 0 31 2 *");
        assertThat(never.nextAfter(Instant.parse("2026-01-01T00:00:00Z"), LONDON, SHIFT, ONCE)).isEmpty();
        assertThat(never.next(3, Instant.parse("2026-01-01T00:00:00Z"), LONDON, SHIFT, ONCE)).isEmpty();
        assertThat(CronSpec.parse("0 0 29 2 *").nextAfter(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC, SHIFT, ONCE))
                .contains(Instant.parse("2028-02-29T00:00:00Z"));
    }
}

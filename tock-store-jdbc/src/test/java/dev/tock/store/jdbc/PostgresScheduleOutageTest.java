package dev.tock.store.jdbc;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.JobTemplate;
import dev.tock.schedule.FireOutcome;
import dev.tock.schedule.MissedRunPolicy;
import dev.tock.schedule.RunHistory;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 10-minute outage of the whole cluster: every node down, then one starts. The store is all that
 * remains, so the outage is made by moving each schedule's start ten minutes into the past (only SQL
 * can, the store always writes its own clock). Every nominal time of the outage must end recorded
 * once, with the outcome its missed-run policy gives.
 */
class PostgresScheduleOutageTest {
    private static final Duration OUTAGE = Duration.ofMinutes(10);
    private static final String EVERY_10S = "@every 10s";
    private static final RunHistory KEEP_ALL = new RunHistory(1_000, 1_000, OptionalInt.empty());

    private String schema;
    private Store store;
    private Tock tock;

    @BeforeEach
    void openStore() {
        schema = TestDatabases.freshSchemaName();
        store = JdbcStore.open(TestDatabases.postgres(schema));
    }

    @AfterEach
    void closeAll() {
        if (tock != null) {
            tock.stop(Duration.ofSeconds(2));
        }
        store.close();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void everyNominalTimeOfTheOutageIsAccountedForPerMissedRunPolicy() throws SQLException {
        JobTemplate template = JobTemplate.of("tick");
        // Default: no deadline, a one-hour window, one catch-up run.
        Schedule coalescing = Schedule.of("default", "coalescing", EVERY_10S, template).withHistory(KEEP_ALL);
        // startingDeadlineSeconds = 60: older times are missed; the newer ones coalesce into one run.
        Schedule deadline = Schedule.of("default", "deadline", EVERY_10S, template).withHistory(KEEP_ALL)
                .withMissedRuns(new MissedRunPolicy(Optional.of(Duration.ofSeconds(60)), Duration.ofHours(1), 1));
        // A five-minute window and three catch-up runs.
        Schedule windowed = Schedule.of("default", "windowed", EVERY_10S, template).withHistory(KEEP_ALL)
                .withMissedRuns(new MissedRunPolicy(Optional.empty(), Duration.ofMinutes(5), 3));
        for (Schedule s : List.of(coalescing, deadline, windowed)) {
            store.schedules().save(s);
        }
        // Restart halfway between two nominal times, so none sits on the boundary of the outage.
        Instant midway = await(Duration.ofSeconds(15), "a time 4-6 s past a multiple of 10 s", store::now,
                t -> t.getEpochSecond() % 10 >= 4 && t.getEpochSecond() % 10 < 6);
        backdateSchedules(midway.minus(OUTAGE));

        tock = Tock.builder().store(store).handler("tick", ctx -> { })
                .config(TockConfig.builder().nodeId("after-outage").pollInterval(Duration.ofMillis(200)).build())
                .build().start();
        Instant restarted = store.now();

        // 60 nominal times, 5, 15, ... 595 s late when the node starts.
        assertThat(outcomesUntil(coalescing, restarted))
                .containsExactlyInAnyOrderEntriesOf(Map.of(FireOutcome.FIRED, 1L, FireOutcome.COALESCED, 59L));
        assertThat(outcomesUntil(deadline, restarted)).as("missed: later than 60 s")
                .containsExactlyInAnyOrderEntriesOf(Map.of(FireOutcome.MISSED, 54L, FireOutcome.COALESCED, 5L, FireOutcome.FIRED, 1L));
        assertThat(outcomesUntil(windowed, restarted)).as("missed: older than 5 minutes; 3 catch-up runs")
                .containsExactlyInAnyOrderEntriesOf(Map.of(FireOutcome.MISSED, 30L, FireOutcome.COALESCED, 27L, FireOutcome.FIRED, 3L));
    }

    /** Waits for the outage's 60 nominal times of the schedule to be recorded; returns their outcomes. */
    private Map<FireOutcome, Long> outcomesUntil(Schedule s, Instant restarted) {
        List<ScheduleFire> fires = await(Duration.ofSeconds(20), "the outage of " + s.name() + " recorded",
                () -> tock.schedules().runs("default", s.name(), 1_000).stream()
                        .filter(f -> !f.nominalTime().isAfter(restarted)).toList(),
                f -> f.size() >= 60);
        assertThat(fires).hasSize(60);
        assertThat(fires.stream().map(ScheduleFire::nominalTime).distinct().count()).isEqualTo(fires.size());
        return fires.stream().collect(Collectors.groupingBy(ScheduleFire::outcome, Collectors.counting()));
    }

    private void backdateSchedules(Instant since) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
             PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".tock_schedules SET fires_from = ?, created_at = ?")) {
            JobRows.setInstant(ps, 1, since);
            JobRows.setInstant(ps, 2, since);
            assertThat(ps.executeUpdate()).isEqualTo(3);
        }
    }
}

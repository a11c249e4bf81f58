package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.Readiness;
import dev.tock.store.StoreOptions;
import dev.tock.testing.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * While PostgreSQL is down, a node answers readiness at once, not after the pool's connection timeout
 * (10 s), which is longer than any readiness probe waits; and it is ready again once the database is back.
 */
class PostgresReadinessTest {
    /** A behaviour bound, not a speed figure: Kubernetes' probe gives up after its timeout (1-3 s). */
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(2);

    private Tock tock;

    @Test
    void aNodeWhoseDatabaseIsDownAnswersNotReadyWithinTheProbesTime() {
        try (PrivatePostgres pg = PrivatePostgres.startNew();
             JdbcStore store = JdbcStore.open(new StoreOptions(pg.url(), 4, ""));
             Tock node = Tock.builder().store(store).config(TockConfig.builder().nodeId("probed").build()).build()) {
            tock = node;
            assertThat(tock.cluster().readiness()).isEqualTo(Readiness.ok());

            pg.crash();
            // The answer from before the crash may be reused for a second; every answer comes at once.
            Readiness down = Eventually.await(Duration.ofSeconds(5), "not ready", this::probe, r -> !r.ready());
            assertThat(down.reason()).isPresent();
            for (int i = 0; i < 4; i++) {
                assertThat(probe().ready()).as("ready while the database is down").isFalse();
                Eventually.sleep(400);
            }

            pg.start();
            Eventually.await(Duration.ofSeconds(30), "ready once the database is back", () -> tock.cluster().readiness().ready());
        }
    }

    /** One readiness probe, which must be answered within the probe's time. */
    private Readiness probe() {
        long started = System.nanoTime();
        Readiness readiness = tock.cluster().readiness();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("time to answer " + readiness).isLessThan(PROBE_LIMIT);
        return readiness;
    }
}

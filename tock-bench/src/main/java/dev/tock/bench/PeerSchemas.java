package dev.tock.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the peers keep their tables: a fresh schema per measurement in one database, vacuumed and
 * analyzed on the peers' behalf when the server's autovacuum is off. Tock vacuums its own tables when
 * autovacuum is off; the peers count on autovacuum, and without it a job table that turns over tens of
 * thousands of rows fills its indexes with dead entries that every poll walks again.
 */
record PeerSchemas(String url, Optional<Duration> vacuumEvery) {

    Schema create(String system) {
        return vacuumEvery.map(every -> Schema.createVacuumed(url, system, Plan.POOL_SIZE, every))
                .orElseGet(() -> Schema.create(url, system, Plan.POOL_SIZE));
    }

    /** After a bulk insert: statistics for the new rows, as autovacuum's analyze would gather them. */
    void filled(Schema schema) {
        if (vacuumEvery.isPresent()) {
            schema.vacuumAnalyze();
        }
    }

    String describe() {
        return vacuumEvery.map(d -> "VACUUM ANALYZE of the peer's tables every " + d.toSeconds()
                + " s and after pre-enqueueing (autovacuum's default nap time is 60 s)").orElse("no vacuuming on the peers' behalf");
    }
}

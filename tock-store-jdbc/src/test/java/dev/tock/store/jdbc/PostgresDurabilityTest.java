package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.store.CompletionCommit;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.LeaseRequest;
import dev.tock.store.StoreOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * "Succeeded" stays succeeded: jobs whose completion the store acknowledged (the call returned) are
 * still succeeded after PostgreSQL crashes right away (an immediate shutdown: no checkpoint, and the WAL
 * still in the server's memory is lost) and recovers. On a private server, so that the crash touches no
 * other test; its WAL writer waits 10 s between flushes, so whatever a commit did not flush itself is
 * still in memory at the crash.
 */
class PostgresDurabilityTest {
    private static final int JOBS = 200;
    /** Finished attempts per call, as the completion batcher groups them. */
    private static final int GROUP = 10;
    private static final String TYPE = "work";

    @Test
    void acknowledgedCompletionsSurviveADatabaseCrashWithDurableCommits() {
        List<JobId> reverted = completeThenCrash(CompletionCommit.DURABLE);
        assertThat(reverted).as("acknowledged jobs no longer succeeded after the crash").isEmpty();
    }

    /** What {@code durable} prevents: {@code fast} acknowledges completions the crash then loses. */
    @Test
    void fastCommitsLoseAcknowledgedCompletionsInADatabaseCrash() {
        List<JobId> reverted = completeThenCrash(CompletionCommit.FAST);
        System.out.printf("PostgresDurabilityTest: with fast commits %d of %d acknowledged completions were lost in the crash%n",
                reverted.size(), JOBS);
        assertThat(reverted).as("acknowledged jobs no longer succeeded after the crash").isNotEmpty();
    }

    /** Completes {@link #JOBS} jobs in groups, crashes the server at once, restarts it; returns the acknowledged jobs not succeeded. */
    private static List<JobId> completeThenCrash(CompletionCommit mode) {
        try (PrivatePostgres pg = PrivatePostgres.startNew("wal_writer_delay = 10s")) {
            List<JobId> acknowledged = new ArrayList<>();
            JdbcStore store = JdbcStore.open(new StoreOptions(pg.url(), 4, "", mode));
            try {
                store.jobs().enqueue(Collections.nCopies(JOBS, NewJob.of(TYPE, "{}")));
                List<LeasedJob> leased = store.leases().lease(new LeaseRequest("node-a", Set.of(TYPE), JOBS, Duration.ofHours(1)));
                assertThat(leased).hasSize(JOBS);
                for (int i = 0; i < JOBS; i += GROUP) {
                    List<LeasedJob> group = leased.subList(i, Math.min(JOBS, i + GROUP));
                    assertThat(store.heldLeases().finish(group.stream().map(PostgresDurabilityTest::success).toList()))
                            .as("leases lost before the crash").isEmpty();
                    group.forEach(l -> acknowledged.add(l.job().id()));
                }
                pg.crash();
            } finally {
                store.close();
            }
            pg.start();
            try (JdbcStore recovered = JdbcStore.open(new StoreOptions(pg.url(), 2, ""))) {
                return acknowledged.stream()
                        .filter(id -> recovered.jobs().find(id).orElseThrow().state() != JobState.SUCCEEDED).toList();
            }
        }
    }

    private static FinishedAttempt success(LeasedJob leased) {
        return new FinishedAttempt(leased.lease(), leased.job().attempts(), "node-a", Instant.now(), Instant.now(),
                AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), Optional.of("done"));
    }
}

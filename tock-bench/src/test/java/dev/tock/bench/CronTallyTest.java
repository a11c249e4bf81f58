package dev.tock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CronTallyTest {

    /** A scheduler firing every second for two schedules, except that the second skips every third second. */
    private static Thread skippingScheduler(CronTally tally) {
        return Thread.ofPlatform().daemon().start(() -> {
            long last = 0;
            while (!Thread.currentThread().isInterrupted()) {
                Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                if (second.getEpochSecond() != last) {
                    last = second.getEpochSecond();
                    tally.ran(0, second);
                    if (last % 3 != 0) {
                        tally.ran(1, second);
                    }
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Test
    @Timeout(60)
    void theWindowEndsOnceEveryScheduleRanPastItRatherThanWaitingForSkippedRuns() {
        CronTally tally = new CronTally(2);
        Thread scheduler = skippingScheduler(tally);
        try {
            long start = System.nanoTime();
            tally.runWindow(Duration.ofSeconds(3), Duration.ofSeconds(30));
            long tookSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            // Window 3 s after a lead of 2-3 s; without the early end it would wait the whole 30 s grace.
            assertTrue(tookSeconds < 20, "runWindow took " + tookSeconds + " s");
            assertEquals(6, tally.expected());
            assertEquals(5, tally.ranInWindow(), "one of the second schedule's three seconds was skipped");
            assertEquals(5, tally.outcome().executed());
        } finally {
            scheduler.interrupt();
        }
    }
}

package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.RetryPolicy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A job's lease taken back while its handler still runs here, then the job leased here again: the first attempt's end
 * (its refused completion, its lost heartbeat) must not forget or revoke the second, or every later attempt loses its
 * lease in turn until the job is dead.
 */
class RunningJobsTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final JobId ID = JobId.generate(NOW.toEpochMilli());

    private static RunningJob attempt(int n) {
        Job job = new Job(ID, "default", "default", "t", "{}", 0, JobState.RUNNING, NOW, NOW, Optional.empty(), n,
                RetryPolicy.DEFAULT, Optional.empty(), Optional.empty(), Map.of(), Optional.of("node-1"), Optional.empty());
        return new RunningJob(new LeasedJob(job, new LeaseRef(ID, n), NOW, NOW.plusSeconds(30)));
    }

    @Test
    void theEndOfAnEarlierLeaseLeavesTheLaterLeaseOfTheSameJobHeld() {
        RunningJobs running = new RunningJobs();
        RunningJob first = attempt(1);
        RunningJob second = attempt(2);
        running.add(first);
        running.add(second);
        assertThat(running.get(first.leased().lease())).isEmpty();
        running.remove(first.leased().lease());
        assertThat(running.get(second.leased().lease())).contains(second);
        assertThat(running.heldLeases()).containsExactly(second.leased().lease());
        running.remove(second.leased().lease());
        assertThat(running.size()).isZero();
    }

    @Test
    void aJobWhoseAttemptIsBeingStoredIsNotHeartbeatedUntilTheWriteFails() {
        RunningJobs running = new RunningJobs();
        RunningJob job = attempt(1);
        running.add(job);
        job.storing(true);
        assertThat(running.heldLeases()).isEmpty();
        job.storing(false);
        assertThat(running.heldLeases()).containsExactly(job.leased().lease());
    }
}

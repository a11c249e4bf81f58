package dev.tock.store;

import dev.tock.model.JobId;
import dev.tock.model.JobState;

/** An expired lease the reaper took back: the job is now ready again, or dead if it had no attempts left. */
public record ReapedLease(JobId jobId, String formerOwner, int attempt, JobState newState) {
}

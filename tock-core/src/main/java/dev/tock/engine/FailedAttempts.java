package dev.tock.engine;

import dev.tock.model.AttemptOutcome;
import dev.tock.model.Job;
import dev.tock.model.JobState;
import dev.tock.model.LeaseRef;
import dev.tock.model.RetryPolicy;
import dev.tock.store.FinishedAttempt;
import dev.tock.workflow.StepLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failed attempt ends its job, the same for attempts run here and attempts reported by external
 * workers: failed for another attempt after the retry policy's backoff (or the failure's own wait, if
 * longer), or dead when the policy has no attempts left, the failure is not retryable, or the next attempt could
 * not start before the job's run deadline. A disrupted attempt is always retried and the store does not count it
 * against the policy.
 */
final class FailedAttempts {
    private FailedAttempts() {
    }

    static FinishedAttempt of(LeaseRef lease, Job job, String node, Instant started, Instant ended, AttemptOutcome outcome,
                              boolean retryable, Optional<Duration> retryAfter, String error, Optional<String> output) {
        RetryPolicy policy = job.retryPolicy();
        if (outcome == AttemptOutcome.DISRUPTED) {
            // Not the job's failure: retried whatever the policy's count, after its first backoff.
            return new FinishedAttempt(lease, job.attempts(), node, started, ended, outcome, JobState.FAILED,
                    policy.backoffAfter(1, ThreadLocalRandom.current().nextDouble()), Optional.of(error), output);
        }
        boolean retry = retryable && policy.allowsAnotherAttempt(job.attemptsSinceRetry());
        Duration delay = Duration.ZERO;
        if (retry) {
            delay = policy.backoffAfter(job.attemptsSinceRetry(), ThreadLocalRandom.current().nextDouble());
            if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
                delay = retryAfter.get();
            }
        }
        Optional<RunDeadline> deadline = RunDeadline.of(job, started);
        if (retry && deadline.isPresent() && deadline.get().passedAt(ended.plus(delay))) {
            return new FinishedAttempt(lease, job.attempts(), node, started, ended, outcome, JobState.DEAD, Duration.ZERO,
                    Optional.of(deadline.get().noRetryMessage(job.attempts(), error)), output);
        }
        return new FinishedAttempt(lease, job.attempts(), node, started, ended, outcome,
                retry ? JobState.FAILED : JobState.DEAD, delay, Optional.of(error), output, StepLabels.isStep(job), Optional.empty());
    }
}

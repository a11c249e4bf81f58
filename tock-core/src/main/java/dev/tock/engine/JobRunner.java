package dev.tock.engine;

import dev.tock.handler.AttemptFailure;
import dev.tock.handler.JobContext;
import dev.tock.handler.JobHandler;
import dev.tock.handler.OutputTail;
import dev.tock.handler.PermanentFailure;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.Job;
import dev.tock.model.JobState;
import dev.tock.store.FinishedAttempt;
import dev.tock.workflow.StepLabels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one leased job on the calling (virtual) thread and hands its attempt to the batcher. */
final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final int MAX_ERROR_CHARS = 4000;

    private final String node;
    private final HandlerRegistry handlers;
    private final Semaphore permits;
    private final ScheduledExecutorService timeouts;
    private final CompletionBatcher completions;
    private final int outputTailChars;
    private final java.time.Clock clock;
    private final EngineMetrics metrics;
    private final StartRecorder starts;
    private final StepOutputs stepOutputs;

    JobRunner(String node, HandlerRegistry handlers, Semaphore permits, ScheduledExecutorService timeouts,
              CompletionBatcher completions, StartRecorder starts, int outputTailChars, java.time.Clock clock,
              EngineMetrics metrics, StepOutputs stepOutputs) {
        this.stepOutputs = stepOutputs;
        this.node = node;
        this.handlers = handlers;
        this.permits = permits;
        this.timeouts = timeouts;
        this.completions = completions;
        this.outputTailChars = outputTailChars;
        this.clock = clock;
        this.metrics = metrics;
        this.starts = starts;
    }

    /**
     * Waits for a free worker, then runs the best job waiting at that moment: jobs leased ahead are
     * started in priority order, not in the order their threads happen to wake.
     */
    void runNext(Supplier<RunningJob> best) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            return;
        }
        try {
            RunningJob job = best.get();
            if (job != null) {
                execute(job);
            }
        } finally {
            permits.release();
        }
    }

    private void execute(RunningJob running) {
        if (!running.start(Thread.currentThread())) {
            return;
        }
        starts.started(running);
        Job job = running.leased().job();
        Instant started = clock.instant();
        metrics.started(job, started);
        OutputTail output = new OutputTail(outputTailChars);
        Optional<RunDeadline> runDeadline = RunDeadline.of(job, started);
        Optional<Instant> deadline = earliest(job.timeout().map(started::plus), runDeadline.map(RunDeadline::at));
        ScheduledFuture<?> timer = job.timeout()
                .map(t -> timeouts.schedule(running::timeOut, t.toNanos(), TimeUnit.NANOSECONDS))
                .orElse(null);
        ScheduledFuture<?> deadlineTimer = runDeadline
                .map(d -> timeouts.schedule(running::exceedDeadline, Math.max(0, Duration.between(started, d.at()).toNanos()),
                        TimeUnit.NANOSECONDS))
                .orElse(null);
        Throwable error = null;
        JobContext context = new JobContext(job, node, deadline, output, running.leased().lease().leaseToken(), running::stopReason);
        try {
            JobHandler handler = handlers.handlerFor(job)
                    .orElseThrow(() -> new PermanentFailure("no handler for job type " + job.type() + " on node " + node));
            handler.handle(context);
        } catch (Throwable t) {
            error = t;
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            if (deadlineTimer != null) {
                deadlineTimer.cancel(false);
            }
            Thread.interrupted();
        }
        if (!running.finish()) {
            log.atInfo().addKeyValue("job", job.id()).addKeyValue("node", node)
                    .log("job {} stopped: {}", job.id(), running.revocation());
            return;
        }
        FinishedAttempt attempt = attemptOf(running, started, error, output, context.result());
        metrics.finished(attempt);
        completions.submit(attempt);
    }

    private FinishedAttempt attemptOf(RunningJob running, Instant started, Throwable error, OutputTail output, Optional<String> result) {
        Job job = running.leased().job();
        Instant ended = clock.instant();
        if (error == null && StepLabels.isStep(job)) {
            try {
                return new FinishedAttempt(running.leased().lease(), job.attempts(), node, started, ended, AttemptOutcome.SUCCEEDED,
                        JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), output.text(), true, stepOutputs.check(result));
            } catch (PermanentFailure e) {
                error = e;
            }
        }
        if (error == null) {
            return new FinishedAttempt(running.leased().lease(), job.attempts(), node, started, ended,
                    AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED, Duration.ZERO, Optional.empty(), output.text());
        }
        Optional<RunDeadline> runDeadline = RunDeadline.of(job, started);
        if (running.deadlineExceeded() || runDeadline.filter(d -> d.passedAt(ended)).isPresent()) {
            return deadlineExceeded(running, started, ended, runDeadline.orElseThrow(), output);
        }
        AttemptFailure failure = error instanceof AttemptFailure f ? f : null;
        boolean timedOutHere = failure != null && failure.timedOut();
        boolean timedOut = running.timedOut() || timedOutHere;
        boolean disrupted = failure != null && failure.isDisrupted() && !running.timedOut();
        AttemptOutcome outcome = timedOut ? AttemptOutcome.TIMED_OUT : disrupted ? AttemptOutcome.DISRUPTED : AttemptOutcome.FAILED;
        boolean retryable = !(error instanceof PermanentFailure) && (failure == null || failure.retryable());
        // The engine's deadline interrupts the handler, which then fails however it fails (an
        // InterruptedException, often): the attempt says it timed out, in one line, whichever deadline
        // (the engine's or the handler's own) fired first.
        String message = running.timedOut() && !timedOutHere
                ? AttemptFailure.timedOut(job.timeout().orElseThrow()).getMessage()
                : describe(error);
        FinishedAttempt attempt = FailedAttempts.of(running.leased().lease(), job, node, started, ended, outcome, retryable,
                failure == null ? Optional.empty() : failure.retryAfter(), message, output.text());
        log.atInfo().addKeyValue("job", job.id()).addKeyValue("node", node).addKeyValue("attempt", job.attempts())
                .log("job {} attempt {} {}: {}{}", job.id(), job.attempts(), outcome.wireName(), firstLine(message),
                        attempt.nextState() == JobState.FAILED ? ", retry in " + attempt.retryDelay().toMillis() + " ms"
                                : ", no attempts left");
        return attempt;
    }

    /** The run deadline passed while this attempt ran: it was stopped (or ended on its own too late), and the job is dead. */
    private FinishedAttempt deadlineExceeded(RunningJob running, Instant started, Instant ended, RunDeadline deadline, OutputTail output) {
        Job job = running.leased().job();
        String message = deadline.stoppedMessage(job.attempts());
        log.atInfo().addKeyValue("job", job.id()).addKeyValue("node", node).addKeyValue("attempt", job.attempts())
                .log("job {} attempt {} stopped: {}", job.id(), job.attempts(), message);
        return new FinishedAttempt(running.leased().lease(), job.attempts(), node, started, ended, AttemptOutcome.TIMED_OUT,
                JobState.DEAD, Duration.ZERO, Optional.of(message), output.text());
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().isBefore(b.get()) ? a : b;
    }

    private static String describe(Throwable error) {
        if (error instanceof AttemptFailure) {
            // Says it all: a stack trace would only show the executor's internals.
            String s = String.valueOf(error.getMessage());
            return s.length() > MAX_ERROR_CHARS ? s.substring(0, MAX_ERROR_CHARS) + "…" : s;
        }
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        String s = text.toString();
        return s.length() > MAX_ERROR_CHARS ? s.substring(0, MAX_ERROR_CHARS) + "…" : s;
    }

    private static String firstLine(String s) {
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}

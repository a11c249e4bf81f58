package dev.tock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.handler.JobContext;
import dev.tock.handler.JobHandler;
import dev.tock.handler.PermanentFailure;
import dev.tock.handler.StopReason;
import dev.tock.model.ConflictException;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.schedule.ScheduledWorkflow;
import dev.tock.workflow.RunState;
import dev.tock.workflow.WorkflowNotFoundException;
import dev.tock.workflow.WorkflowRun;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in job type {@value #TYPE} with payload {@code {"workflow": NAME, "inputs": {...}}}: starts a run of the
 * workflow and lives as long as the run, succeeding when it succeeds. A schedule whose job template is of this type
 * starts a workflow per fire: one job per nominal time, exactly once, and one run per job (the run's id is the job's,
 * so an attempt run again attaches to the run the first started). Because the job lasts as long as its run, the
 * schedule's overlap policy (forbid, for one) and its run history apply to runs, and cancelling the job (a
 * {@code replace} overlap, or by hand) cancels its run.
 */
final class WorkflowStarter implements JobHandler {
    static final String TYPE = ScheduledWorkflow.STARTER_TYPE;
    private static final Logger log = LoggerFactory.getLogger(WorkflowStarter.class);
    private final Supplier<WorkflowService> workflows;
    private final Function<JobId, Optional<JobState>> jobStates;
    private final Duration poll;

    /** @param jobStates a job's state in the store: a starter cancelled elsewhere reaches this node as a lost lease */
    WorkflowStarter(Supplier<WorkflowService> workflows, Function<JobId, Optional<JobState>> jobStates, Duration poll) {
        this.workflows = workflows;
        this.jobStates = jobStates;
        this.poll = poll;
    }

    @Override
    public void handle(JobContext ctx) throws InterruptedException {
        JsonNode p = ctx.payloadAs(JsonNode.class);
        String name = p.path("workflow").asText("");
        if (name.isEmpty()) {
            throw new PermanentFailure("the payload of a " + TYPE + " job names its workflow: {\"workflow\": NAME, \"inputs\": {...}}");
        }
        String namespace = ctx.job().namespace();
        String inputs = p.hasNonNull("inputs") ? p.get("inputs").toString() : "{}";
        WorkflowRun run;
        try {
            run = workflows.get().startOnce(namespace, name, inputs, ctx.job().id().toString());
        } catch (WorkflowNotFoundException e) {
            throw new PermanentFailure(e.getMessage());
        }
        ctx.output("workflow run " + run.id() + " of " + name + "\n");
        try {
            run = awaitEnd(namespace, run, ctx.job());
        } catch (InterruptedException e) {
            stopRunIfStarterStops(ctx);
            throw e;
        }
        ctx.output("ended " + run.state().wireName() + "\n");
        if (run.state() != RunState.SUCCEEDED) {
            throw new PermanentFailure("workflow run " + run.id() + " of " + name + " ended " + run.state().wireName());
        }
        ctx.result("{\"run\":\"" + run.id() + "\"}");
    }

    static boolean isStarter(Job job) {
        return job.type().equals(TYPE);
    }

    /**
     * Cancels the run a starter job started (its id is the job's), if it is running: the jobs API does so for a starter
     * it cancelled, whichever node runs it, or none; the handler does when it is stopped.
     */
    static void cancelRun(WorkflowService workflows, Job starter) {
        String runId = starter.id().toString();
        try {
            workflows.cancel(starter.namespace(), runId);
            log.atInfo().addKeyValue("namespace", starter.namespace()).addKeyValue("run", runId)
                    .log("cancelled workflow run {}: its starter job stopped", runId);
        } catch (WorkflowNotFoundException | ConflictException e) {
            log.atDebug().addKeyValue("run", runId).log("no running workflow run {} to cancel", runId);
        }
    }

    /**
     * Waits for the run to end. A starter cancelled in the store (a replacing fire, or by hand on a node that did
     * not run it) ends the run at the next look, not only once this node's heartbeat finds the lease gone: a
     * run's steps may well end before that.
     */
    private WorkflowRun awaitEnd(String namespace, WorkflowRun run, Job starter) throws InterruptedException {
        while (run.state() == RunState.RUNNING) {
            Thread.sleep(poll.toMillis());
            if (jobStates.apply(starter.id()).filter(JobState.CANCELLED::equals).isPresent()) {
                cancelRun(workflows.get(), starter);
            }
            run = workflows.get().run(namespace, run.id()).orElseThrow();
        }
        return run;
    }

    /**
     * The run is the starter's work: cancelling the starter (a {@code replace} overlap, or by hand), or its timeout,
     * cancels the run too. A lost lease or a shutdown keeps it running, for the next attempt to attach to; but a
     * starter cancelled on another node (or by a replacing fire) shows here as a lost lease, so the store says which.
     */
    private void stopRunIfStarterStops(JobContext ctx) {
        Optional<StopReason> why = ctx.stopReason();
        boolean stopped = why.filter(StopReason::stopsExternalWork).isPresent() || why.filter(StopReason.LEASE_LOST::equals).isPresent()
                && jobStates.apply(ctx.job().id()).filter(JobState.CANCELLED::equals).isPresent();
        if (stopped) {
            cancelRun(workflows.get(), ctx.job());
        }
    }
}

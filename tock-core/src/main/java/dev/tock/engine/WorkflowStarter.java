package dev.tock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.handler.JobContext;
import dev.tock.handler.JobHandler;
import dev.tock.handler.PermanentFailure;
import dev.tock.workflow.RunState;
import dev.tock.workflow.WorkflowNotFoundException;
import dev.tock.workflow.WorkflowRun;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The built-in job type {@value #TYPE} with payload {@code {"workflow": NAME, "inputs": {...}}}: starts a run of the
 * workflow and lives as long as the run, succeeding when it succeeds. A schedule whose job template is of this type
 * starts a workflow per fire: one job per nominal time, exactly once, and one run per job (the run's id is the job's,
 * so an attempt run again attaches to the run the first started). Because the job lasts as long as its run, the
 * schedule's overlap policy (forbid, for one) and its run history apply to runs.
 */
final class WorkflowStarter implements JobHandler {
    static final String TYPE = "tock.workflow";
    private final Supplier<WorkflowService> workflows;
    private final Duration poll;

    WorkflowStarter(Supplier<WorkflowService> workflows, Duration poll) {
        this.workflows = workflows;
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
        while (run.state() == RunState.RUNNING) {
            Thread.sleep(poll.toMillis());
            run = workflows.get().run(namespace, run.id()).orElseThrow();
        }
        ctx.output("ended " + run.state().wireName() + "\n");
        if (run.state() != RunState.SUCCEEDED) {
            throw new PermanentFailure("workflow run " + run.id() + " of " + name + " ended " + run.state().wireName());
        }
        ctx.result("{\"run\":\"" + run.id() + "\"}");
    }
}

package dev.tock.workflow;

import dev.tock.model.Job;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The labels a step instance's job carries. They let the engine tell a workflow step from any other job from
 * the job it already holds, so that completing a job that is no step costs nothing more; the store then finds the
 * instance by the job's id (a label copied onto another job finds no instance and changes nothing).
 */
public final class StepLabels {
    public static final String RUN = "tock.workflow-run";
    public static final String STEP = "tock.workflow-step";
    /** {@code body} or {@code stdout}: the executor's response or output becomes the step's output. */
    public static final String OUTPUT = "tock.workflow-output";
    /**
     * When the steps whose end made this instance ready ended (an ISO-8601 instant): its start minus this is the step
     * hand-off ({@code tock_workflow_step_handoff_seconds}). Absent on first steps, and on fan-out items that waited
     * for a {@code maxParallel} slot.
     */
    public static final String READY_AFTER = "tock.workflow-ready-after";

    private StepLabels() {
    }

    public static boolean isStep(Job job) {
        return job.labels().containsKey(RUN);
    }

    /** The end of what made this step's job ready, when its end did. */
    public static Optional<Instant> readyAfter(Job job) {
        String at = job.labels().get(READY_AFTER);
        try {
            return at == null ? Optional.empty() : Optional.of(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // a label set by hand on some job: no hand-off to measure
        }
    }

    public static Optional<String> outputCapture(Job job) {
        return Optional.ofNullable(job.labels().get(OUTPUT));
    }
}

package dev.tock.workflow;

import dev.tock.model.Job;
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

    private StepLabels() {
    }

    public static boolean isStep(Job job) {
        return job.labels().containsKey(RUN);
    }

    public static Optional<String> outputCapture(Job job) {
        return Optional.ofNullable(job.labels().get(OUTPUT));
    }
}

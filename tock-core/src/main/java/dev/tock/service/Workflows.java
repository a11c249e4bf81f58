package dev.tock.service;

import dev.tock.workflow.RunQuery;
import dev.tock.workflow.StoredWorkflow;
import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workflows: named steps, each an ordinary job, joined by {@code needs}, trigger rules and {@code when}
 * conditions, with fan-out per item and fan-in; and their runs. Each step instance is made exactly once, in the
 * transaction that recorded the completion which made it ready.
 */
public interface Workflows {

    /**
     * Checks and stores a workflow, replacing one of the same name; runs already started keep the definition they
     * started with.
     *
     * @return its version (1 when created)
     * @throws dev.tock.workflow.InvalidWorkflowException naming the field, e.g. {@code steps[2].needs[0]}
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    long save(Workflow workflow);

    Optional<StoredWorkflow> find(String namespace, String name);

    List<StoredWorkflow> list(String namespace);

    /** False when there was none; its runs stay. */
    boolean delete(String namespace, String name);

    /**
     * Starts a run with {@code inputsJson} (a JSON object; null for none), with the defaults of the inputs the workflow
     * declares and the run does not give.
     *
     * @throws dev.tock.workflow.WorkflowNotFoundException when there is no such workflow
     * @throws dev.tock.workflow.InvalidWorkflowException naming {@code inputs} when they are not a JSON object, or
     *     {@code inputs.NAME} when the workflow declares its inputs and that one is required and missing, or not declared
     */
    WorkflowRun start(String namespace, String name, String inputsJson);

    /** A run with its step instances. */
    Optional<WorkflowRun> run(String namespace, String id);

    List<WorkflowRun> runs(RunQuery query);

    /**
     * Cancels a running run: its running steps are cancelled (and interrupted), pending ones never start.
     *
     * @throws dev.tock.workflow.WorkflowNotFoundException when there is no such run
     * @throws dev.tock.model.ConflictException when it has already ended
     */
    WorkflowRun cancel(String namespace, String id);

    /**
     * Retries a failed or cancelled run: only its dead or cancelled steps and the steps after them run again;
     * succeeded steps and their outputs are kept.
     *
     * @throws dev.tock.workflow.WorkflowNotFoundException when there is no such run
     * @throws dev.tock.model.ConflictException when it is running or succeeded
     */
    WorkflowRun retry(String namespace, String id);

    /** How many runs of each workflow of {@code namespace} are running (workflows with none are left out). */
    Map<String, Long> activeRuns(String namespace);

    /** The latest run of each workflow of {@code namespace}, without its instances (workflows never run are left out). */
    Map<String, WorkflowRun> latestRuns(String namespace);
}

package dev.tock.store;

import dev.tock.workflow.RunLimits;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.StoredWorkflow;
import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workflows and their runs. A run keeps its definition as it was at its start; its step instances are made by
 * {@link dev.tock.workflow.RunPlanner} under the unique key (run, step, item key), in the transaction that
 * started the run or recorded the completion that made them ready ({@link HeldLeaseStore#finish} does it for
 * attempts marked {@link FinishedAttempt#workflowStep()}).
 */
public interface WorkflowStore {

    /**
     * Creates or replaces a workflow.
     *
     * @return its new version (1 when created)
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    long save(Workflow workflow);

    Optional<StoredWorkflow> find(String namespace, String name);

    List<StoredWorkflow> list(String namespace);

    /** False when there was none; its runs stay. */
    boolean delete(String namespace, String name);

    /** Starts a run of {@code definition} with {@code inputsJson}: records it and makes its first step instances, at once. */
    WorkflowRun start(Workflow definition, String inputsJson, RunLimits limits);

    /**
     * Starts a run under the given id, once: when a run has that id already, it is returned unchanged. What a
     * schedule's starter job uses, with its own id, so that an attempt run again starts nothing twice.
     */
    WorkflowRun startOnce(String id, Workflow definition, String inputsJson, RunLimits limits);

    /** A run with its step instances (each with its job's state). */
    Optional<WorkflowRun> findRun(String namespace, String id);

    /** Runs, newest first, without their instances. */
    List<WorkflowRun> listRuns(RunQuery query);

    /** How many runs of each workflow of {@code namespace} are running. */
    Map<String, Long> activeRuns(String namespace);

    /** The latest run of each workflow of {@code namespace} that has one, without its instances, by workflow name. */
    Map<String, WorkflowRun> latestRuns(String namespace);

    /**
     * Cancels a running run: nothing more starts, and the jobs of its active instances are cancelled.
     *
     * @return the run as it is after, or empty when there is none
     * @throws dev.tock.model.ConflictException when it has already ended
     */
    Optional<WorkflowRun> cancel(String namespace, String id);

    /**
     * Runs a failed or cancelled run again from where it stopped: instances that died, were cancelled or were
     * skipped, and every instance of the steps after them, are made anew; succeeded instances and their outputs
     * are kept.
     *
     * @throws dev.tock.model.ConflictException when the run is running or succeeded
     */
    Optional<WorkflowRun> retry(String namespace, String id);

    /**
     * Catches up with step jobs that ended outside {@link HeldLeaseStore#finish} (a lease that expired with no attempt
     * left, a step job cancelled by hand) and cancels the jobs still active in cancelled runs. Safe on every node at once.
     *
     * @return how many instances it moved on
     */
    int reconcile(int limit);
}

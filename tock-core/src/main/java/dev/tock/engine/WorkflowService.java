package dev.tock.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.model.InvalidJobException;
import dev.tock.model.JsonText;
import dev.tock.model.NewJob;
import dev.tock.service.Workflows;
import dev.tock.store.Store;
import dev.tock.workflow.InvalidWorkflowException;
import dev.tock.workflow.RunInputs;
import dev.tock.workflow.RunLimits;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.StoredWorkflow;
import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowJson;
import dev.tock.workflow.WorkflowNotFoundException;
import dev.tock.workflow.WorkflowRun;
import dev.tock.workflow.WorkflowStep;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Workflows} over the store's workflow role; steps are checked like jobs (types, executors, secrets) when saved. */
final class WorkflowService implements Workflows {
    private static final Logger log = LoggerFactory.getLogger(WorkflowService.class);

    private final Store store;
    private final JobValidator validator;
    private final RunLimits limits;
    /** Wakes this node's dispatchers: the store tells other nodes of the jobs a start or retry makes, not this one. */
    private final Runnable wake;

    WorkflowService(Store store, JobValidator validator, RunLimits limits, Runnable wake) {
        this.store = store;
        this.validator = validator;
        this.limits = limits;
        this.wake = wake;
    }

    @Override
    public long save(Workflow workflow) {
        for (int i = 0; i < workflow.steps().size(); i++) {
            check(workflow, workflow.steps().get(i), "steps[" + i + "]");
        }
        workflow.onExit().ifPresent(e -> check(workflow, e, "onExit"));
        long version = store.workflows().save(workflow);
        log.atInfo().addKeyValue("namespace", workflow.namespace()).addKeyValue("workflow", workflow.name())
                .log("saved workflow {}/{} version {}", workflow.namespace(), workflow.name(), version);
        return version;
    }

    /** The step as a job, its placeholders unfilled: its type must be runnable here and its executor's secrets exist. */
    private void check(Workflow w, WorkflowStep step, String at) {
        WorkflowJson.checkForSave(step, at);
        if (step.executor().isPresent()) {
            return; // an executor may hold placeholders; it is checked when each instance is made
        }
        try {
            validator.validate(NewJob.builder(step.type()).namespace(w.namespace()).queue(step.queue()).priority(step.priority())
                    .payload(step.payload().toString()).build());
        } catch (InvalidWorkflowException e) {
            throw e;
        } catch (InvalidJobException e) {
            throw new InvalidWorkflowException(at + "." + e.field(), e.getMessage().replaceFirst("^[^:]*: ", ""));
        }
    }

    @Override
    public Optional<StoredWorkflow> find(String namespace, String name) {
        return store.workflows().find(namespace, name);
    }

    @Override
    public List<StoredWorkflow> list(String namespace) {
        return store.workflows().list(namespace);
    }

    @Override
    public boolean delete(String namespace, String name) {
        return store.workflows().delete(namespace, name);
    }

    @Override
    public WorkflowRun start(String namespace, String name, String inputsJson) {
        ObjectNode given = inputs(inputsJson);
        Workflow definition = definition(namespace, name);
        WorkflowRun run = store.workflows().start(definition, RunInputs.resolve(definition, given).toString(), limits);
        wake.run();
        log.atInfo().addKeyValue("namespace", namespace).addKeyValue("workflow", name).addKeyValue("run", run.id())
                .log("started run {} of workflow {}/{}", run.id(), namespace, name);
        return run;
    }

    /** Starts a run under {@code id} once; the run that has that id already otherwise (see {@link WorkflowStarter}). */
    WorkflowRun startOnce(String namespace, String name, String inputsJson, String id) {
        ObjectNode given = inputs(inputsJson);
        Workflow definition = definition(namespace, name);
        WorkflowRun run = store.workflows().startOnce(id, definition, RunInputs.resolve(definition, given).toString(), limits);
        wake.run();
        return run;
    }

    private Workflow definition(String namespace, String name) {
        return store.workflows().find(namespace, name)
                .orElseThrow(() -> new WorkflowNotFoundException("no workflow " + name + " in namespace " + namespace)).workflow();
    }

    private static ObjectNode inputs(String json) {
        if (json == null || json.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            if (!(JsonText.read(json) instanceof ObjectNode object)) {
                throw new InvalidWorkflowException("inputs", "must be a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new InvalidWorkflowException("inputs", "is not JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public Optional<WorkflowRun> run(String namespace, String id) {
        return isRunId(id) ? store.workflows().findRun(namespace, id) : Optional.empty();
    }

    @Override
    public List<WorkflowRun> runs(RunQuery query) {
        return store.workflows().listRuns(query);
    }

    @Override
    public Map<String, Long> activeRuns(String namespace) {
        return store.workflows().activeRuns(namespace);
    }

    @Override
    public Map<String, WorkflowRun> latestRuns(String namespace) {
        return store.workflows().latestRuns(namespace);
    }

    @Override
    public WorkflowRun cancel(String namespace, String id) {
        return (isRunId(id) ? store.workflows().cancel(namespace, id) : Optional.<WorkflowRun>empty())
                .orElseThrow(() -> notFound(namespace, id));
    }

    @Override
    public WorkflowRun retry(String namespace, String id) {
        WorkflowRun run = (isRunId(id) ? store.workflows().retry(namespace, id) : Optional.<WorkflowRun>empty())
                .orElseThrow(() -> notFound(namespace, id));
        wake.run();
        return run;
    }

    /** Run ids are UUIDs (a run started by a schedule takes its starter job's); anything else names no run. */
    private static boolean isRunId(String id) {
        return id != null && RUN_ID.matcher(id).matches();
    }

    private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[0-9a-fA-F-]{36}");

    private static WorkflowNotFoundException notFound(String namespace, String id) {
        return new WorkflowNotFoundException("no workflow run " + id.replaceAll("\\p{Cntrl}", "?") + " in namespace " + namespace);
    }
}

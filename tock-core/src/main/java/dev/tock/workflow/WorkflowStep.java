package dev.tock.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.model.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step: a job template (its payload and executor may hold {@code {{inputs.x}}}, {@code {{steps.a.output.x}}}
 * and {@code {{item}}} placeholders), what it needs, when it runs and how it fans out.
 *
 * @param executor the executor's JSON as written (templates are filled in before it is read); empty for a handler
 * @param output what becomes the step's output besides a handler's or worker's result: {@code body} (an HTTP
 *     executor's response body) or {@code stdout} (a command's standard output); empty for neither
 */
public record WorkflowStep(
        String name,
        String type,
        JsonNode payload,
        String queue,
        int priority,
        RetryPolicy retry,
        Optional<Duration> timeout,
        Optional<JsonNode> executor,
        List<String> needs,
        TriggerRule trigger,
        Optional<String> when,
        Optional<ForEach> forEach,
        Optional<String> output) {

    public WorkflowStep {
        needs = List.copyOf(needs);
    }

    public boolean fansOut() {
        return forEach.isPresent();
    }

    /** The earlier fan-out step whose items this one pipelines, if any. */
    public Optional<String> sameAs() {
        return forEach.flatMap(ForEach::sameAs);
    }
}

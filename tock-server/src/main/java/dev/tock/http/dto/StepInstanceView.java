package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.workflow.StepInstance;

/**
 * One step instance of a run: the step, its item key (empty for the step's own instance), its state (its job's
 * state while it has a job, else waiting, skipped or cancelled), its job, output and error.
 *
 * @param items for a fan-out step's own instance: how many items it has
 */
public record StepInstanceView(String step, String itemKey, Integer items, JsonNode item, String state, String jobId,
                               JsonNode output, String error, String createdAt, String finishedAt) {

    public static StepInstanceView of(StepInstance i) {
        String state = i.jobState().map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse(i.state().wireName());
        return new StepInstanceView(i.step(), i.itemKey(), i.isStepLevel() && i.itemCount() > 0 ? i.itemCount() : null,
                i.item().map(WorkflowRunView::tree).orElse(null), state, i.jobId().map(Object::toString).orElse(null),
                i.output().map(WorkflowRunView::tree).orElse(null), i.error().orElse(null), Fields.format(i.createdAt()),
                i.finishedAt().map(Fields::format).orElse(null));
    }
}

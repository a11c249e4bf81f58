package dev.tock.workflow;

import dev.tock.model.NotFoundException;

/** A workflow or a workflow run that does not exist. */
public class WorkflowNotFoundException extends NotFoundException {
    public WorkflowNotFoundException(String message) {
        super(message);
    }
}

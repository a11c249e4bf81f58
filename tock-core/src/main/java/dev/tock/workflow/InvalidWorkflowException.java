package dev.tock.workflow;

import dev.tock.model.InvalidJobException;

/** A workflow Tock refuses to store or start; {@link #field()} names the field, e.g. {@code steps[2].needs[0]}. */
public class InvalidWorkflowException extends InvalidJobException {
    public InvalidWorkflowException(String field, String message) {
        super(field, message);
    }
}

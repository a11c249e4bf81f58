package dev.tock.model;

import dev.tock.TockException;

/** Input that Tock refuses to store; {@link #field()} names the offending field. */
public class InvalidJobException extends TockException {
    private final String field;

    public InvalidJobException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The name of the field that failed validation, e.g. {@code payload} or {@code retry.maxAttempts}. */
    public String field() {
        return field;
    }
}

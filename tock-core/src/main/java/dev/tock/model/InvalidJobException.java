package dev.tock.model;

import dev.tock.TockException;

/** Input that Tock refuses to store; {@link #field()} names the offending field. */
public class InvalidJobException extends TockException {
    private final String field;
    private final String reason;

    public InvalidJobException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.reason = message;
    }

    /** What is wrong with {@link #field()}, without its name. */
    public String reason() {
        return reason;
    }

    /** The name of the field that failed validation, e.g. {@code payload} or {@code retry.maxAttempts}. */
    public String field() {
        return field;
    }
}

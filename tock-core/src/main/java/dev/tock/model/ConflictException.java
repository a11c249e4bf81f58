package dev.tock.model;

import dev.tock.TockException;

/**
 * The request is valid but the current state of what it names forbids it, e.g. retrying a job that
 * is still running or deleting a queue that still has work. Trying again later may succeed.
 */
public class ConflictException extends TockException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.tock.model;

import dev.tock.TockException;

/** What a request names does not exist: a job, a schedule, a token, … Each resource has its own subclass. */
public class NotFoundException extends TockException {
    public NotFoundException(String message) {
        super(message);
    }
}

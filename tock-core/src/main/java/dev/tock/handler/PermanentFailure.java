package dev.tock.handler;

import dev.tock.TockException;

/** Thrown by a handler to fail its job at once, without the retries its policy would allow. */
public class PermanentFailure extends TockException {
    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

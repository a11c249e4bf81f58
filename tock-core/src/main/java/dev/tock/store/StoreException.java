package dev.tock.store;

import dev.tock.TockException;

/** The store could not be reached or refused an operation for a reason other than bad input. */
public class StoreException extends TockException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}

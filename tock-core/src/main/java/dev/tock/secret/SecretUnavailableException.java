package dev.tock.secret;

import dev.tock.TockException;

/** A reference could not be resolved when an attempt ran: the Secret or its key is gone, or unreadable. One line, no value. */
public class SecretUnavailableException extends TockException {
    public SecretUnavailableException(String message) {
        super(message);
    }
}

package dev.tock.executor;

import dev.tock.TockException;

/** A request the egress policy does not allow; the attempt fails without a retry. */
public final class EgressRefusedException extends TockException {
    public EgressRefusedException(String message) {
        super(message);
    }
}

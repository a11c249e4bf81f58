package dev.tock.secret;

import dev.tock.TockException;

/**
 * A stored value could not be decrypted: this node's key is not the one that encrypted it, or the
 * value was altered (GCM refuses it). The message says which, in one line, without any value.
 */
public class SecretUnreadableException extends TockException {
    public SecretUnreadableException(String message) {
        super(message);
    }
}

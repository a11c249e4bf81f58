package dev.tock.secret;

import dev.tock.model.ConflictException;

/**
 * This node has no encryption key, so it can neither store a Secret nor read one. Answered 409: the
 * request is fine, the node's configuration is not; the message names the settings.
 */
public class SecretKeyMissingException extends ConflictException {
    public SecretKeyMissingException(String what) {
        super(what + ": this node has no secret key; start it with secret-key-file (TOCK_SECRET_KEY_FILE) or"
                + " secret-key (TOCK_SECRET_KEY) set to base64 of 32 random bytes (openssl rand -base64 32)");
    }
}

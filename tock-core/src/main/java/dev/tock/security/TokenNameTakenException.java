package dev.tock.security;

import dev.tock.model.ConflictException;

/** A token with this name exists already (revoked ones too: names are never reused, so audit entries stay unambiguous). */
public class TokenNameTakenException extends ConflictException {
    public TokenNameTakenException(String name) {
        super("a token named " + name + " exists already");
    }
}

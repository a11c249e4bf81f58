package dev.tock.security;

import dev.tock.model.NotFoundException;

/** No token has that id or name. */
public class TokenNotFoundException extends NotFoundException {
    public TokenNotFoundException(String idOrName) {
        super("token " + idOrName + " not found");
    }
}

package dev.tock.http;

import dev.tock.TockException;

/** The HTTP server could not do what was asked, e.g. bind its port. */
public class ServerException extends TockException {
    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}

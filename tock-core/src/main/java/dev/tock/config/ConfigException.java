package dev.tock.config;

import dev.tock.TockException;

/** A configuration value that cannot be used; the message names the setting. */
public class ConfigException extends TockException {
    public ConfigException(String message) {
        super(message);
    }
}

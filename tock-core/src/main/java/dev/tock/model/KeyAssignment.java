package dev.tock.model;

import java.util.Optional;

/**
 * The concurrency key a stored job runs under.
 *
 * @param key the key; {@code ""} for a job without one (all such jobs of a queue share it)
 * @param note why the key is not what its template asked for (a payload field was missing); empty when it is
 */
public record KeyAssignment(String key, Optional<String> note) {
    public static final KeyAssignment NONE = new KeyAssignment("", Optional.empty());

    public KeyAssignment {
        key = key == null ? "" : key;
        note = note == null ? Optional.empty() : note;
    }
}

package dev.tock.secret;

import java.time.Instant;
import java.util.List;

/**
 * All that is ever shown of a Secret: never a value.
 *
 * @param keys its keys, sorted
 * @param version opaque; changes when any value changes, equal for equal values under the same encryption key
 */
public record SecretInfo(String namespace, String name, List<String> keys, String version, Instant createdAt, Instant updatedAt) {
    public SecretInfo {
        keys = List.copyOf(keys);
    }
}

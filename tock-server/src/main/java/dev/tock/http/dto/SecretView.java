package dev.tock.http.dto;

import dev.tock.secret.SecretInfo;
import java.util.List;

/**
 * A Secret on the wire: names, keys, version and times, never a value.
 *
 * @param version opaque; changes when a value changes, so that {@code tock apply} tells a change without reading values
 * @param changed whether the request that answered with this view changed (or, as a dry run, would change) the values;
 *     absent on reads
 */
public record SecretView(String namespace, String name, List<String> keys, String version, String createdAt, String updatedAt,
                         Boolean changed) {

    public static SecretView of(SecretInfo info) {
        return new SecretView(info.namespace(), info.name(), info.keys(), info.version(), Fields.format(info.createdAt()),
                Fields.format(info.updatedAt()), null);
    }

    /** What a secret would be after a put, without times: the answer of a dry run. */
    public static SecretView preview(String namespace, String name, List<String> keys, String version, boolean changed) {
        return new SecretView(namespace, name, keys, version, null, null, changed);
    }

    public SecretView withChanged(boolean value) {
        return new SecretView(namespace, name, keys, version, createdAt, updatedAt, value);
    }
}

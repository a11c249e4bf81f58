package dev.tock.secret;

import dev.tock.model.InvalidJobException;
import dev.tock.model.Names;
import dev.tock.model.SecretKeyRef;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Secret in plain text, as it is given and as an attempt reads it; it exists only in memory. Its
 * {@link #toString()} names the keys, never the values, and no validation message quotes a value.
 *
 * @param data the values by key (keys as {@link SecretKeyRef#requireKey} allows)
 */
public record Secret(String namespace, String name, SortedMap<String, String> data) {
    public static final int MAX_KEYS = 256;
    /** As a Kubernetes Secret: 1 MiB of values in all. */
    public static final int MAX_BYTES = 1024 * 1024;

    public Secret {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("name", name);
        data = checkData(data);
    }

    public static Secret of(String namespace, String name, Map<String, String> data) {
        return new Secret(namespace, name, data == null ? null : new TreeMap<>(data));
    }

    private static SortedMap<String, String> checkData(Map<String, String> data) {
        if (data == null || data.isEmpty()) {
            throw new InvalidJobException("data", "give at least one key and value");
        }
        if (data.size() > MAX_KEYS) {
            throw new InvalidJobException("data", "at most " + MAX_KEYS + " keys, got " + data.size());
        }
        long bytes = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            SecretKeyRef.requireKey("data", e.getKey());
            if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                throw new InvalidJobException("data." + e.getKey(), "must be text without NUL");
            }
            bytes += e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_BYTES) {
            throw new InvalidJobException("data", "the values take " + bytes + " bytes, more than the limit of " + MAX_BYTES);
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(data));
    }

    /** Never the values. */
    @Override
    public String toString() {
        return "Secret[namespace=" + namespace + ", name=" + name + ", keys=" + data.keySet() + "]";
    }
}

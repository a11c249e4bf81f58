package dev.tock.secret;

import dev.tock.model.Names;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Secret as the store keeps it: every value encrypted, and a version that changes with the values
 * without revealing them (see {@link SecretCipher#version}).
 */
public record SealedSecret(String namespace, String name, SortedMap<String, SealedValue> values, String version) {
    public SealedSecret {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("name", name);
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a sealed secret needs a version");
        }
    }

    public static SealedSecret of(String namespace, String name, Map<String, SealedValue> values, String version) {
        return new SealedSecret(namespace, name, new TreeMap<>(values), version);
    }
}

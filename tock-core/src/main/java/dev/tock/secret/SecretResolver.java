package dev.tock.secret;

import dev.tock.model.SecretKeyRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the value a reference names, for an attempt that is about to run; the executors hold one.
 * The value lives only in the attempt's memory: it is never stored, logged or recorded.
 */
@FunctionalInterface
public interface SecretResolver {

    /** Never resolves: every reference is unavailable (a node built without secrets). */
    SecretResolver NONE = (namespace, ref) -> {
        throw new SecretUnavailableException(ref.describe() + ": this node reads no secrets");
    };

    /**
     * The value of {@code ref} in {@code namespace}.
     *
     * @throws SecretUnavailableException when the Secret or its key does not exist, or cannot be decrypted here
     */
    String resolve(String namespace, SecretKeyRef ref);

    /** Every value of {@code refs}, by the same names; the first unavailable one fails, naming {@code what} and the name. */
    default Map<String, String> resolveAll(String namespace, Map<String, SecretKeyRef> refs, String what) {
        Map<String, String> values = new LinkedHashMap<>();
        refs.forEach((name, ref) -> {
            try {
                values.put(name, resolve(namespace, ref));
            } catch (SecretUnavailableException e) {
                throw new SecretUnavailableException(what + " " + name + ": " + e.getMessage());
            }
        });
        return values;
    }
}

package dev.tock.model;

import java.util.regex.Pattern;

/**
 * A reference to one value of a Secret in the same namespace, written
 * {@code {"valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}} where an executor takes a
 * value (a command's {@code env}, a webhook's {@code headers}). The value is read only when an attempt
 * runs and is never stored with the job; any executor that passes values on (e.g. to a pod's
 * environment) takes the same reference.
 *
 * @param name the Secret's name
 * @param key one of its keys
 */
public record SecretKeyRef(String name, String key) {
    /** Keys of a Secret, as Kubernetes allows them: letters, digits, {@code -._}, at most 253. */
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    public SecretKeyRef {
        Names.requireResourceName("secretKeyRef.name", name);
        requireKey("secretKeyRef.key", key);
    }

    /** Checks a Secret's key; returns it unchanged. */
    public static String requireKey(String field, String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidJobException(field, "a secret's key must be 1-253 letters, digits or '-._'; was "
                    + (key == null ? "null" : "\"" + (key.length() > 80 ? key.substring(0, 80) + "…" : key) + "\""));
        }
        return key;
    }

    /** {@code secret db, key password}, for messages. */
    public String describe() {
        return "secret " + name + ", key " + key;
    }
}

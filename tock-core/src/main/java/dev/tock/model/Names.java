package dev.tock.model;

import java.util.regex.Pattern;

/** The rules for names of namespaces, queues, job types and labels. */
public final class Names {
    /** Namespaces and queues: DNS-label style, as Kubernetes users know it. */
    private static final Pattern RESOURCE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_./-]{0,61}[A-Za-z0-9])?");
    /** External workers and their instances: host names, pod names, e-mail-like ids. */
    private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,254}");

    public static final int MAX_LABELS = 64;
    public static final int MAX_LABEL_VALUE_LENGTH = 253;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    public static final int MAX_INSTANCE_LENGTH = 100;

    private Names() {
    }

    /** Checks a namespace or queue name; returns it unchanged. */
    /** Whether {@code name} may name a resource (namespace, queue, schedule, workflow, …). */
    public static boolean isResourceName(String name) {
        return name != null && RESOURCE.matcher(name).matches();
    }

    public static String requireResourceName(String field, String name) {
        if (name == null || !RESOURCE.matcher(name).matches()) {
            throw new InvalidJobException(field, "must be 1-63 lower-case letters, digits or '-', "
                    + "starting and ending with a letter or digit; was " + quote(name));
        }
        return name;
    }

    public static String requireType(String name) {
        if (name == null || !TYPE.matcher(name).matches()) {
            throw new InvalidJobException("type", "must be 1-200 letters, digits or '_.:/-', starting with a letter or digit; was "
                    + quote(name));
        }
        return name;
    }

    public static String requireLabelKey(String key) {
        if (key == null || !LABEL_KEY.matcher(key).matches()) {
            throw new InvalidJobException("labels", "label key must be 1-63 letters, digits or '_./-'; was " + quote(key));
        }
        return key;
    }

    /** Checks an external worker's name: 1-255 letters, digits and {@code _.:@-}, starting with a letter or digit. */
    public static String requireWorker(String worker) {
        if (worker == null || !WORKER.matcher(worker).matches()) {
            throw new InvalidJobException("worker", "must be 1-255 letters, digits or '_.:@-', starting with a"
                    + " letter or digit; was " + quote(worker));
        }
        return worker;
    }

    /** Checks a worker instance id (one run of a worker process): 1-100 letters, digits and {@code _.:@-}. */
    public static String requireInstance(String instance) {
        if (instance == null || instance.length() > MAX_INSTANCE_LENGTH || !WORKER.matcher(instance).matches()) {
            throw new InvalidJobException("instance", "must be 1-" + MAX_INSTANCE_LENGTH
                    + " letters, digits or '_.:@-', starting with a letter or digit");
        }
        return instance;
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "\"" + shown + "\"";
    }
}

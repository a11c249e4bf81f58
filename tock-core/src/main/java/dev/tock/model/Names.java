package dev.tock.model;

/**
 * The rules for names of namespaces, queues, job types and labels. Every job made is checked against them (a fan-out
 * or a batch makes thousands at once), so they are plain loops over the characters: as regular expressions they took
 * about a fifth of the completion thread's profile samples while it planned a fan-out.
 */
public final class Names {
    /** Namespaces and queues: DNS-label style, as Kubernetes users know it: {@code [a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?}. */
    private static final Shape RESOURCE = new Shape(63, false, "-", true);
    /** {@code [A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}}. */
    private static final Shape TYPE = new Shape(200, true, "_.:/-", false);
    /** {@code [A-Za-z0-9]([A-Za-z0-9_./-]{0,61}[A-Za-z0-9])?}. */
    private static final Shape LABEL_KEY = new Shape(63, true, "_./-", true);
    /** External workers and their instances: host names, pod names, e-mail-like ids: {@code [A-Za-z0-9][A-Za-z0-9_.:@-]{0,254}}. */
    private static final Shape WORKER = new Shape(255, true, "_.:@-", false);

    public static final int MAX_LABELS = 64;
    public static final int MAX_LABEL_VALUE_LENGTH = 253;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    public static final int MAX_INSTANCE_LENGTH = 100;

    private Names() {
    }

    /** Checks a namespace or queue name; returns it unchanged. */
    /** Whether {@code name} may name a resource (namespace, queue, schedule, workflow, …). */
    public static boolean isResourceName(String name) {
        return name != null && RESOURCE.matches(name);
    }

    public static String requireResourceName(String field, String name) {
        if (name == null || !RESOURCE.matches(name)) {
            throw new InvalidJobException(field, "must be 1-63 lower-case letters, digits or '-', "
                    + "starting and ending with a letter or digit; was " + quote(name));
        }
        return name;
    }

    public static String requireType(String name) {
        if (name == null || !TYPE.matches(name)) {
            throw new InvalidJobException("type", "must be 1-200 letters, digits or '_.:/-', starting with a letter or digit; was "
                    + quote(name));
        }
        return name;
    }

    public static String requireLabelKey(String key) {
        if (key == null || !LABEL_KEY.matches(key)) {
            throw new InvalidJobException("labels", "label key must be 1-63 letters, digits or '_./-'; was " + quote(key));
        }
        return key;
    }

    /** Checks an external worker's name: 1-255 letters, digits and {@code _.:@-}, starting with a letter or digit. */
    public static String requireWorker(String worker) {
        if (worker == null || !WORKER.matches(worker)) {
            throw new InvalidJobException("worker", "must be 1-255 letters, digits or '_.:@-', starting with a"
                    + " letter or digit; was " + quote(worker));
        }
        return worker;
    }

    /** Checks a worker instance id (one run of a worker process): 1-100 letters, digits and {@code _.:@-}. */
    public static String requireInstance(String instance) {
        if (instance == null || instance.length() > MAX_INSTANCE_LENGTH || !WORKER.matches(instance)) {
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

    /**
     * A name of 1 to {@code maxLength} characters: a letter or digit first (lower-case only unless {@code upperCase}),
     * then letters, digits or {@code punctuation}; with {@code alphanumericEnd}, a letter or digit last.
     */
    private record Shape(int maxLength, boolean upperCase, String punctuation, boolean alphanumericEnd) {
        boolean matches(String name) {
            int n = name.length();
            if (n == 0 || n > maxLength || !alphanumeric(name.charAt(0)) || (alphanumericEnd && !alphanumeric(name.charAt(n - 1)))) {
                return false;
            }
            for (int i = 1; i < n; i++) {
                char c = name.charAt(i);
                if (!alphanumeric(c) && punctuation.indexOf(c) < 0) {
                    return false;
                }
            }
            return true;
        }

        private boolean alphanumeric(char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (upperCase && c >= 'A' && c <= 'Z');
        }
    }
}

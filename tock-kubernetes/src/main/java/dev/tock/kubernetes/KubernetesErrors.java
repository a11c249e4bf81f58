package dev.tock.kubernetes;

/** One line for an error of the client or its model: its own first line, and the first line of its root cause. */
final class KubernetesErrors {
    private static final int MAX_CHARS = 500;

    private KubernetesErrors() {
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String own = firstLine(e.getMessage());
        String text = root == e ? own : own + ": " + firstLine(root.getMessage());
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "…";
    }

    private static String firstLine(String message) {
        String text = message == null ? "(no message)" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

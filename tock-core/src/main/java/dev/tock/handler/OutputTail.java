package dev.tock.handler;

/**
 * Keeps the last {@code limit} characters written, so a chatty job cannot fill memory or the store.
 * The engine makes one per attempt and stores its text with the attempt.
 */
public final class OutputTail {
    private final int limit;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    public OutputTail(int limit) {
        this.limit = limit;
    }

    public synchronized void append(CharSequence chunk) {
        text.append(chunk);
        int excess = text.length() - limit;
        if (excess > 0) {
            text.delete(0, excess);
            truncated = true;
        }
    }

    public synchronized java.util.Optional<String> text() {
        if (text.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(truncated ? "…" + text : text.toString());
    }
}

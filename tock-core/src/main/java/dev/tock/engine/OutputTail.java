package dev.tock.engine;

/** Keeps the last {@code limit} characters written, so a chatty job cannot fill memory or the store. */
final class OutputTail {
    private final int limit;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    OutputTail(int limit) {
        this.limit = limit;
    }

    synchronized void append(CharSequence chunk) {
        text.append(chunk);
        int excess = text.length() - limit;
        if (excess > 0) {
            text.delete(0, excess);
            truncated = true;
        }
    }

    synchronized java.util.Optional<String> text() {
        if (text.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(truncated ? "…" + text : text.toString());
    }
}

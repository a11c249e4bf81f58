package dev.tock.executor;

import java.nio.charset.StandardCharsets;

/**
 * The last bytes of a stream of any length, in fixed memory, and how many bytes went by. Text is
 * decoded as UTF-8 at the end; a character cut at the start of the tail decodes as a replacement.
 */
final class ByteTail {
    private final byte[] ring;
    private long total;

    ByteTail(int capacity) {
        this.ring = new byte[Math.max(1, capacity)];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        int skip = Math.max(0, length - ring.length);
        total += skip;
        int from = offset + skip;
        int left = length - skip;
        while (left > 0) {
            int at = (int) (total % ring.length);
            int n = Math.min(left, ring.length - at);
            System.arraycopy(bytes, from, ring, at, n);
            total += n;
            from += n;
            left -= n;
        }
    }

    synchronized long total() {
        return total;
    }

    /** The kept bytes as text, at most {@code maxChars} characters from the end, marked when cut. */
    synchronized String text(int maxChars) {
        int kept = (int) Math.min(total, ring.length);
        byte[] bytes = new byte[kept];
        long start = total - kept;
        for (int i = 0; i < kept; i++) {
            bytes[i] = ring[(int) ((start + i) % ring.length)];
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean cut = start > 0;
        if (text.length() > maxChars) {
            text = text.substring(text.length() - maxChars);
            cut = true;
        }
        return cut ? "…" + text : text;
    }
}

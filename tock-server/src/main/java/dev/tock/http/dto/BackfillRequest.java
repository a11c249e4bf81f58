package dev.tock.http.dto;

/**
 * Runs every nominal time in {@code [from, to)} that never fired.
 *
 * @param from RFC 3339
 * @param to RFC 3339, not after now
 * @param overlap the overlap policy for these runs: {@code allow} (default), {@code forbid}, {@code replace} or {@code buffer_one}
 */
public record BackfillRequest(String from, String to, String overlap) {
}

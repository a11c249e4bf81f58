package dev.tock.http.dto;

import dev.tock.model.Waiting;

/**
 * Why a job is not running, as {@code GET .../jobs/{id}} shows it.
 *
 * @param reason {@code scheduled}, {@code retry-backoff}, {@code queue-paused}, {@code queue-at-max-running},
 *               {@code key-at-limit}, {@code rate-limit}, {@code not-handled}, {@code fair-turn} or {@code due}
 * @param detail one line for people
 * @param until when the reason passes by itself (RFC 3339); absent when unknown
 */
public record WaitingView(String reason, String detail, String until) {
    public static WaitingView of(Waiting w) {
        return new WaitingView(w.reason().wireName(), w.detail(), w.until().map(Fields::format).orElse(null));
    }
}

package dev.tock.http.dto;

/**
 * Who the dashboard is logged in as, and the CSRF token its mutations must send in {@code X-CSRF-Token}.
 *
 * @param auth false when the server runs without authentication (then nothing else is set)
 */
public record SessionView(boolean auth, TokenView token, String csrfToken, String expiresAt) {
}

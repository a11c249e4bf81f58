package dev.tock.http.dto;

/** A dashboard login sent as JSON: the token, and where to go afterwards (a path under /ui). */
public record LoginRequest(String token, String next) {
}

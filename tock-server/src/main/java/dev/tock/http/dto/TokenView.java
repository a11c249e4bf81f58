package dev.tock.http.dto;

import dev.tock.security.ApiToken;
import java.time.Instant;
import java.util.List;

/** A token as the API shows it: never its secret nor the secret's hash. */
public record TokenView(String id, String name, String role, List<String> namespaces, List<String> queues, String createdAt,
                        String createdBy, String expiresAt, String revokedAt, boolean active) {

    public static TokenView of(ApiToken t, Instant now) {
        return new TokenView(t.id(), t.name(), t.role().wireName(), List.copyOf(t.namespaces()), List.copyOf(t.queues()),
                t.createdAt().toString(), t.createdBy(), t.expiresAt().map(Instant::toString).orElse(null),
                t.revokedAt().map(Instant::toString).orElse(null), t.activeAt(now));
    }
}

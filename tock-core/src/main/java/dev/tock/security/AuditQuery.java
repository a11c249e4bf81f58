package dev.tock.security;

import dev.tock.model.InvalidQueryException;
import java.time.Instant;
import java.util.Optional;

/**
 * Which audit entries to read, newest first: optionally one namespace, one token (id or name) and a
 * time range; one page of {@code limit} entries older than {@code beforeId} (the previous page's last).
 */
public record AuditQuery(Optional<String> namespace, Optional<String> token, Optional<Instant> from,
                         Optional<Instant> before, int limit, Optional<Long> beforeId) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        namespace = namespace == null ? Optional.empty() : namespace;
        token = token == null ? Optional.empty() : token;
        from = from == null ? Optional.empty() : from;
        before = before == null ? Optional.empty() : before;
        beforeId = beforeId == null ? Optional.empty() : beforeId;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The newest {@code limit} entries, unfiltered. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit, Optional.empty());
    }
}

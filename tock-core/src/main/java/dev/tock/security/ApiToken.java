package dev.tock.security;

import dev.tock.model.InvalidJobException;
import dev.tock.model.Names;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An API token as stored, without its secret: who it is, what it may do where, and until when.
 * The secret is stored only as a hash, next to this record, and never read back out of the store.
 *
 * @param id a random id, fit for logs and the audit log
 * @param name unique, chosen by whoever created it, e.g. {@code ci-deploy}
 * @param namespaces the namespaces it may act in; {@link #ALL} for every one (and the cluster)
 * @param queues for workers, the queues whose jobs it may lease; {@link #ALL} for every queue
 * @param createdBy the name of the token that created it, or {@code bootstrap}
 */
public record ApiToken(String id, String name, Role role, Set<String> namespaces, Set<String> queues,
                       Instant createdAt, String createdBy, Optional<Instant> expiresAt, Optional<Instant> revokedAt) {
    /** Every namespace, or every queue. */
    public static final String ALL = "*";
    /** Most namespaces or queues one token names. */
    public static final int MAX_SCOPE = 64;
    public static final int MAX_CREATED_BY_LENGTH = 255;

    public ApiToken {
        if (id == null || !id.matches("[A-Za-z0-9_-]{8,64}")) {
            throw new InvalidJobException("id", "must be 8-64 letters, digits, '_' or '-', was " + id);
        }
        Names.requireResourceName("name", name);
        if (role == null) {
            throw new InvalidJobException("role", "is required");
        }
        namespaces = scope("namespaces", namespaces);
        queues = queues == null || queues.isEmpty() ? Set.of(ALL) : scope("queues", queues);
        if (createdAt == null) {
            throw new InvalidJobException("createdAt", "is required");
        }
        if (createdBy == null || createdBy.isBlank() || createdBy.length() > MAX_CREATED_BY_LENGTH) {
            throw new InvalidJobException("createdBy", "must be 1-" + MAX_CREATED_BY_LENGTH + " characters");
        }
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
        revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
    }

    private static Set<String> scope(String field, Set<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidJobException(field, "must name at least one, or " + ALL + " for all");
        }
        if (names.size() > MAX_SCOPE) {
            throw new InvalidJobException(field, "at most " + MAX_SCOPE + ", got " + names.size());
        }
        if (names.contains(ALL)) {
            return Set.of(ALL);
        }
        for (String name : names) {
            Names.requireResourceName(field, name);
        }
        return java.util.Collections.unmodifiableSet(new TreeSet<>(names));
    }

    /** Whether it may act in {@code namespace}. */
    public boolean coversNamespace(String namespace) {
        return namespaces.contains(ALL) || namespaces.contains(namespace);
    }

    /** Whether it is scoped to every namespace, and so to what lies outside any one of them. */
    public boolean coversCluster() {
        return namespaces.contains(ALL);
    }

    /** Whether a worker token may lease jobs of {@code queue}. */
    public boolean coversQueue(String queue) {
        return queues.contains(ALL) || queues.contains(queue);
    }

    /** Whether it authenticates at {@code now}: neither revoked nor expired. */
    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    /** This token revoked at {@code when}. */
    public ApiToken revoked(Instant when) {
        return new ApiToken(id, name, role, namespaces, queues, createdAt, createdBy, expiresAt, Optional.of(when));
    }
}

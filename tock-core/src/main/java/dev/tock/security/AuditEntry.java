package dev.tock.security;

import java.time.Instant;
import java.util.Optional;

/**
 * One mutation as the audit log keeps it: who (token id and name, empty when authentication is off),
 * what (method, route template, path, namespace, resource), when (store clock), from where, and how
 * it ended (the HTTP status).
 *
 * @param id ascending, assigned by the store; 0 for an entry not yet stored
 * @param route the route template, e.g. {@code POST /v1/namespaces/{ns}/jobs/{id}/cancel}
 * @param resource what it acted on, e.g. {@code job/0193a6f0-...}, when known
 * @param address the client's address (the proxy's unless forwarded headers are trusted)
 */
public record AuditEntry(long id, Instant at, Optional<String> tokenId, Optional<String> tokenName, String method,
                         String route, String path, Optional<String> namespace, Optional<String> resource, int status,
                         String address) {
    public static final int MAX_PATH_LENGTH = 2048;
    public static final int MAX_ROUTE_LENGTH = 255;
    public static final int MAX_RESOURCE_LENGTH = 255;
    public static final int MAX_ADDRESS_LENGTH = 64;

    public AuditEntry {
        // Whatever a request carried is kept as printable text that fits its column: the log must never refuse an entry.
        tokenId = tokenId == null ? Optional.empty() : tokenId.map(t -> cut(t, 64));
        tokenName = tokenName == null ? Optional.empty() : tokenName.map(t -> cut(t, 63));
        namespace = namespace == null ? Optional.empty() : namespace.map(n -> cut(n, 63));
        resource = resource == null ? Optional.empty() : resource.map(r -> cut(r, MAX_RESOURCE_LENGTH));
        method = cut(method == null ? "" : method, 16);
        route = cut(route == null ? "" : route, MAX_ROUTE_LENGTH);
        path = cut(path == null ? "" : path, MAX_PATH_LENGTH);
        address = cut(address == null ? "" : address, MAX_ADDRESS_LENGTH);
    }

    /** The same entry with the id the store gave it. */
    public AuditEntry withId(long value) {
        return new AuditEntry(value, at, tokenId, tokenName, method, route, path, namespace, resource, status, address);
    }

    /** At most {@code max} characters, control characters and lone surrogates replaced by U+FFFD. */
    private static String cut(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pairStart && out.length() + 2 <= max) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append('\ufffd');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

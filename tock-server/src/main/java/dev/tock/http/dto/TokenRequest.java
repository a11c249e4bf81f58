package dev.tock.http.dto;

import java.util.List;

/**
 * A token to create, as posted to {@code /v1/tokens}.
 *
 * @param role {@code admin}, {@code operator}, {@code viewer} or {@code worker}
 * @param namespaces the namespaces it may act in, or {@code ["*"]} for all (and the cluster)
 * @param queues for workers: the queues it may lease from (default all)
 * @param expiresAt when it stops working (RFC 3339); or {@code expiresIn} as a duration; neither for never
 */
public record TokenRequest(String name, String role, List<String> namespaces, List<String> queues, String expiresAt,
                           String expiresIn) {
}

package dev.tock.alert;

import java.time.Instant;

/** A rule's, channel's or silence's spec as stored: JSON, read by {@link AlertSpecs}. */
public record StoredSpec(String namespace, String name, String json, Instant createdAt, Instant updatedAt) {
}

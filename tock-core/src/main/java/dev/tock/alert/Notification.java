package dev.tock.alert;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of the outbox: a message to one channel about one transition of one alert. Its {@link #key} is
 * unique and written in the transaction that records the transition, so a transition is notified once
 * across the cluster; receivers get it as the {@code Idempotency-Key}, the same on every retry.
 *
 * @param alert the alert as it was at the transition, which the message describes
 * @param state {@code pending}, {@code sent}, {@code failed} (gave up), or {@code suppressed} (by a silence)
 */
public record Notification(UUID id, String key, String channelNamespace, String channel, Transition transition, Alert alert,
                           String state, int attempts, Optional<String> lastError, Instant createdAt, Optional<Instant> sentAt) {
}

package dev.tock.engine;

import dev.tock.alert.AlertChannel;
import dev.tock.alert.AlertMessage;
import dev.tock.alert.AlertObject;
import dev.tock.alert.AlertSpecs;
import dev.tock.alert.Notification;
import dev.tock.alert.StoredSpec;
import dev.tock.store.AlertStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: claims due notifications with a lease, sends each, and marks it sent, or puts it back with
 * a growing delay. A node that dies mid-send leaves its claim to expire, and another node sends the row
 * again with the same {@code Idempotency-Key}: at least once to the channel, never lost.
 */
final class AlertDelivery {
    private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 10;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);
    private static final int BATCH = 20;
    private final String nodeId;
    private final AlertStore alerts;
    private final ChannelSender sender;
    private final Supplier<Instant> clock;

    AlertDelivery(String nodeId, AlertStore alerts, ChannelSender sender, Supplier<Instant> clock) {
        this.nodeId = nodeId;
        this.alerts = alerts;
        this.sender = sender;
        this.clock = clock;
    }

    int run() {
        int sent = 0;
        List<Notification> claimed;
        do {
            claimed = alerts.claim(nodeId, LEASE, BATCH);
            for (Notification n : claimed) {
                sent += send(n) ? 1 : 0;
            }
        } while (claimed.size() == BATCH);
        return sent;
    }

    private boolean send(Notification n) {
        Optional<StoredSpec> spec = alerts.find(AlertObject.CHANNEL, n.channelNamespace(), n.channel());
        if (spec.isEmpty()) {
            alerts.failed(n.id(), nodeId, Optional.empty(), "channel " + n.channel() + " does not exist");
            log.warn("Alert notification dropped: channel {}/{} does not exist, key={}", n.channelNamespace(), n.channel(), n.key());
            return false;
        }
        try {
            // Stored channels were checked against the egress policy when saved; the sender checks again before sending.
            AlertChannel channel = AlertSpecs.storedChannel(n.channelNamespace(), n.channel(), AlertEvaluator.tree(spec.get()));
            sender.send(channel, new AlertMessage(n, channel.link()));
            alerts.sent(n.id(), nodeId);
            log.info("Alert notification sent: channel={}/{} transition={} alert={} key={} attempt={}", n.channelNamespace(), n.channel(),
                    n.transition().wireName(), n.alert().id(), n.key(), n.attempts());
            return true;
        } catch (ChannelSender.DeliveryException | RuntimeException e) {
            Optional<Instant> retryAt = n.attempts() >= MAX_ATTEMPTS ? Optional.empty() : Optional.of(clock.get().plus(backoff(n.attempts())));
            alerts.failed(n.id(), nodeId, retryAt, e.getMessage());
            log.warn("Alert notification failed: channel={}/{} key={} attempt={} {}: {}", n.channelNamespace(), n.channel(), n.key(),
                    n.attempts(), retryAt.map(t -> "retry at " + t).orElse("giving up"), e.getMessage());
            return false;
        }
    }

    /** 1s, 2s, 4s, … up to 5 minutes, after attempt {@code attempts}. */
    static Duration backoff(int attempts) {
        long seconds = FIRST_RETRY.toSeconds() << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofSeconds(Math.min(seconds, MAX_RETRY.toSeconds()));
    }
}

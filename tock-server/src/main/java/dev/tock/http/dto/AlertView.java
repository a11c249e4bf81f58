package dev.tock.http.dto;

import dev.tock.alert.Alert;
import dev.tock.alert.Notification;
import java.util.List;

/**
 * One alert: an incident of a rule's condition on a subject, with its notifications when asked for one alert.
 *
 * @param state {@code firing} or {@code resolved}
 */
public record AlertView(String id, String namespace, String rule, String condition, String subject, String occurrence, String state,
                        String severity, String summary, String firedAt, String resolvedAt, String acknowledgedAt,
                        String acknowledgedBy, int reAlerts, List<NotificationView> notifications) {

    /**
     * One notification of the alert to one channel.
     *
     * @param key the Idempotency-Key receivers get
     * @param state {@code pending}, {@code sent}, {@code failed} or {@code suppressed} (by a silence)
     */
    public record NotificationView(String key, String channel, String transition, String state, int attempts, String lastError,
                                   String createdAt, String sentAt) {
        static NotificationView of(Notification n) {
            return new NotificationView(n.key(), n.channel(), n.transition().wireName(), n.state(), n.attempts(),
                    n.lastError().orElse(null), Fields.format(n.createdAt()), n.sentAt().map(Fields::format).orElse(null));
        }
    }

    public static AlertView of(Alert a, List<Notification> notifications) {
        return new AlertView(a.id().toString(), a.namespace(), a.rule(), a.condition(), a.subject(), a.occurrence(), a.state().wireName(),
                a.severity(), a.summary(), Fields.format(a.firedAt()), a.resolvedAt().map(Fields::format).orElse(null),
                a.acknowledgedAt().map(Fields::format).orElse(null), a.acknowledgedBy().orElse(null), a.reAlerts(),
                notifications == null ? null : notifications.stream().map(NotificationView::of).toList());
    }
}

package dev.tock.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;

/**
 * What a notification says, in each channel's form. Built from the stored notification alone, so that
 * every retry (from any node) sends the same body.
 */
public final class AlertMessage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Notification notification;
    private final Optional<String> link;

    public AlertMessage(Notification notification, Optional<String> linkBase) {
        this.notification = notification;
        Alert a = notification.alert();
        this.link = linkBase.map(base -> (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/#/alerts?ns=" + a.namespace() + "&alert=" + a.id());
    }

    public Notification notification() {
        return notification;
    }

    public Optional<String> link() {
        return link;
    }

    /** {@code FIRING}, {@code FIRING (repeat)}, {@code RESOLVED} or {@code TEST}. */
    String headline() {
        return switch (notification.transition()) {
            case FIRING -> "FIRING";
            case REALERT -> "FIRING (repeat " + notification.alert().reAlerts() + ")";
            case RESOLVED -> "RESOLVED";
            case TEST -> "TEST";
        };
    }

    /** {@code [Tock] FIRING critical: nightly-failed on schedule/nightly}. */
    public String subject() {
        Alert a = notification.alert();
        return "[Tock] " + headline() + " " + a.severity() + ": " + a.rule() + " on " + a.subject() + " (" + a.namespace() + ")";
    }

    /** Plain text: the subject line, the summary, the times and the link. */
    public String text() {
        Alert a = notification.alert();
        StringBuilder text = new StringBuilder(subject()).append("\n\n").append(a.summary()).append("\n\n")
                .append("condition: ").append(a.condition()).append("\noccurrence: ").append(a.occurrence())
                .append("\nfired at: ").append(a.firedAt());
        a.resolvedAt().ifPresent(t -> text.append("\nresolved at: ").append(t));
        link.ifPresent(l -> text.append("\n\n").append(l));
        return text.append('\n').toString();
    }

    /** The generic webhook's body; its {@code key} is also the {@code Idempotency-Key} header. */
    public String webhookJson() {
        Alert a = notification.alert();
        ObjectNode body = JSON.createObjectNode().put("key", notification.key()).put("transition", notification.transition().wireName());
        ObjectNode alert = body.putObject("alert").put("id", a.id().toString()).put("namespace", a.namespace()).put("rule", a.rule())
                .put("condition", a.condition()).put("subject", a.subject()).put("occurrence", a.occurrence())
                .put("severity", a.severity()).put("summary", a.summary()).put("firedAt", a.firedAt().toString());
        alert.put("state", notification.transition() == Transition.RESOLVED ? "resolved" : "firing");
        a.resolvedAt().filter(t -> notification.transition() == Transition.RESOLVED).ifPresent(t -> alert.put("resolvedAt", t.toString()));
        link.ifPresent(l -> body.put("link", l));
        return body.toString();
    }

    public String slackJson() {
        return JSON.createObjectNode().put("text", text()).toString();
    }

    /** A PagerDuty Events v2 event: trigger (firing, repeats) or resolve, de-duplicated by the alert's id. */
    public String pagerDutyJson(String routingKey) {
        Alert a = notification.alert();
        ObjectNode event = JSON.createObjectNode().put("routing_key", routingKey)
                .put("event_action", notification.transition() == Transition.RESOLVED ? "resolve" : "trigger")
                .put("dedup_key", "tock-" + a.id());
        if (notification.transition() != Transition.RESOLVED) {
            ObjectNode payload = event.putObject("payload").put("summary", subject() + ": " + a.summary())
                    .put("source", a.namespace() + "/" + a.subject()).put("severity", pagerDutySeverity(a.severity()))
                    .put("component", a.subject()).put("group", a.namespace()).put("class", a.condition());
            payload.putObject("custom_details").put("rule", a.rule()).put("occurrence", a.occurrence());
        }
        link.ifPresent(l -> event.putArray("links").addObject().put("href", l).put("text", "Tock alert"));
        return event.toString();
    }

    /** PagerDuty knows critical, error, warning and info; other severities are sent as warning. */
    static String pagerDutySeverity(String severity) {
        String s = severity.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "critical", "error", "warning", "info" -> s;
            default -> "warning";
        };
    }
}

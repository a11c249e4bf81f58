package dev.tock.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.model.SecretKeyRef;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code kind: AlertChannel}: where notifications go. Secret settings (a webhook's signing secret, a
 * PagerDuty routing key, an SMTP password) are references to Secrets, read only when a notification is sent.
 *
 * @param url the webhook, Slack or PagerDuty endpoint (PagerDuty's public one by default)
 * @param secret webhook: the HMAC-SHA256 signing secret; pagerduty: the routing key; email: the SMTP password
 * @param smtp email only
 * @param link a base URL put into messages, e.g. the dashboard's, so that a person can click through
 */
public record AlertChannel(String namespace, String name, ChannelType type, Optional<URI> url, Optional<SecretKeyRef> secret,
                           Optional<Smtp> smtp, Optional<String> link) {
    public static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");

    /**
     * An SMTP server and the message envelope.
     *
     * @param startTls require STARTTLS before authenticating and sending
     * @param trustCertificate a PEM certificate (the server's own, or the CA that signed it) to trust for STARTTLS
     *     instead of the JVM's trust store: for a company mail relay with a private CA
     */
    public record Smtp(String host, int port, boolean startTls, Optional<String> username, String from, List<String> to,
                       Optional<String> trustCertificate) {
        public Smtp {
            to = List.copyOf(to);
        }
    }

    /** The host a delivery connects to, which the egress policy must allow. */
    public String host() {
        return smtp.map(Smtp::host).orElseGet(() -> url.orElseThrow().getHost());
    }

    public ObjectNode specJson() {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("type", type.wireName());
        url.ifPresent(u -> spec.put("url", u.toString()));
        if (type == ChannelType.WEBHOOK || type == ChannelType.PAGERDUTY) {
            secret.ifPresent(ref -> putRef(spec, secretField(), ref));
        }
        smtp.ifPresent(s -> {
            ObjectNode json = spec.putObject("smtp").put("host", s.host()).put("port", s.port()).put("startTls", s.startTls());
            s.username().ifPresent(u -> json.put("username", u));
            secret.ifPresent(ref -> putRef(json, "password", ref));
            json.put("from", s.from());
            s.to().forEach(t -> json.withArray("to").add(t));
            s.trustCertificate().ifPresent(pem -> json.put("trustCertificate", pem));
        });
        link.ifPresent(l -> spec.put("link", l));
        return spec;
    }

    /** The spec field that holds the secret reference: {@code secret}, {@code routingKey} or {@code smtp.password}. */
    public String secretField() {
        return switch (type) {
            case WEBHOOK, SLACK -> "secret";
            case PAGERDUTY -> "routingKey";
            case EMAIL -> "smtp.password";
        };
    }

    private static void putRef(ObjectNode parent, String field, SecretKeyRef ref) {
        parent.putObject(field).putObject("valueFrom").putObject("secretKeyRef").put("name", ref.name()).put("key", ref.key());
    }
}

package dev.tock.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.executor.EgressPolicy;
import dev.tock.model.InvalidJobException;
import dev.tock.model.Names;
import dev.tock.schedule.CronSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the specs of {@code AlertRule}, {@code AlertChannel} and silences from JSON, as the API, the CLI and
 * {@code tock apply} send them. Every refusal is an {@link InvalidJobException} naming the field, e.g.
 * {@code conditions[0].after}.
 */
public final class AlertSpecs {
    private static final int MAX_RUNS = 1000;

    private AlertSpecs() {
    }

    public static AlertRule rule(String namespace, String name, JsonNode json) {
        Names.requireResourceName("name", name);
        SpecField spec = SpecField.root(json);
        spec.allowOnly("subjects", "conditions", "channels", "severity", "reAlert");
        List<SubjectSelector> subjects = new ArrayList<>();
        for (SpecField s : spec.get("subjects").items()) {
            subjects.add(selector(s));
        }
        if (subjects.isEmpty()) {
            throw spec.get("subjects").invalid("give at least one subject, e.g. [{\"kind\": \"schedule\", \"name\": \"*\"}]");
        }
        List<Condition> conditions = new ArrayList<>();
        for (SpecField c : spec.get("conditions").items()) {
            Condition condition = condition(c);
            for (int i = 0; i < subjects.size(); i++) {
                if (!condition.appliesTo().contains(subjects.get(i).kind())) {
                    throw c.get("type").invalid(condition.type() + " does not apply to " + subjects.get(i).kind().wireName()
                            + " subjects (subjects[" + i + "]); it applies to "
                            + condition.appliesTo().stream().map(SubjectKind::wireName).collect(Collectors.joining(", ")));
                }
            }
            if (conditions.stream().anyMatch(x -> x.type().equals(condition.type()))) {
                throw c.get("type").invalid(condition.type() + " is given twice");
            }
            conditions.add(condition);
        }
        if (conditions.isEmpty()) {
            throw spec.get("conditions").invalid("give at least one condition, e.g. [{\"type\": \"failed\", \"after\": 3}]");
        }
        List<String> channels = new ArrayList<>();
        for (SpecField c : spec.get("channels").items()) {
            channels.add(Names.requireResourceName(c.path(), c.requiredText()));
        }
        String severity = spec.get("severity").text().orElse("warning");
        if (!severity.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw spec.get("severity").invalid("must be a lower-case word of at most 32 letters, digits, '-' or '_'");
        }
        Optional<Duration> reAlert = spec.get("reAlert").duration();
        if (reAlert.isPresent() && reAlert.get().compareTo(Duration.ofMinutes(1)) < 0) {
            throw spec.get("reAlert").invalid("must be at least 1m");
        }
        return new AlertRule(namespace, name, subjects, conditions, channels, severity, reAlert);
    }

    private static SubjectSelector selector(SpecField s) {
        s.allowOnly("kind", "name", "type", "labels");
        String kindText = s.get("kind").requiredText();
        SubjectKind kind = SubjectKind.fromWireName(kindText).orElseThrow(() -> s.get("kind").invalid("\"" + kindText
                + "\" is not a subject kind; use one of " + Arrays.stream(SubjectKind.values()).map(SubjectKind::wireName)
                .collect(Collectors.joining(", "))));
        String name = s.get("name").text().orElse("*");
        if (!name.equals("*") && !name.replace("*", "a").matches("[a-zA-Z0-9][-a-zA-Z0-9_.:/]{0,199}")) {
            throw s.get("name").invalid("must be a name, a pattern with '*', or '*'; was \"" + name + "\"");
        }
        String type = s.get("type").text().orElse("*");
        var labels = s.get("labels").textMap();
        labels.keySet().forEach(Names::requireLabelKey);
        return new SubjectSelector(kind, name, type, labels);
    }

    static Condition condition(SpecField c) {
        String type = c.get("type").requiredText();
        return switch (type) {
            case "missed" -> {
                c.allowOnly("type", "grace");
                yield new Condition.Missed(c.get("grace").duration().orElse(Duration.ZERO));
            }
            case "failed" -> {
                c.allowOnly("type", "after", "recoverAfter");
                yield new Condition.Failed(c.get("after").integer(1, MAX_RUNS).orElse(1), c.get("recoverAfter").integer(1, MAX_RUNS).orElse(1));
            }
            case "lateStart" -> {
                c.allowOnly("type", "after");
                yield new Condition.LateStart(c.get("after").requiredDuration());
            }
            case "staleSuccess" -> {
                c.allowOnly("type", "within");
                yield new Condition.StaleSuccess(positive(c.get("within")));
            }
            case "flapping" -> {
                c.allowOnly("type", "failures", "runs");
                int runs = c.get("runs").integer(2, MAX_RUNS).orElse(10);
                int failures = c.get("failures").integer(1, MAX_RUNS).orElse(3);
                if (failures > runs) {
                    throw c.get("failures").invalid("must not exceed runs (" + runs + ")");
                }
                yield new Condition.Flapping(failures, runs);
            }
            case "overrun" -> {
                c.allowOnly("type", "limit", "p95Factor");
                SpecField factor = c.get("p95Factor");
                if (c.get("limit").present() == factor.present()) {
                    throw c.get("limit").invalid("give either limit (e.g. 2h) or p95Factor (e.g. 2: twice the p95 of recent runs)");
                }
                if (factor.present()) {
                    if (!factor.node().isNumber() || factor.node().asDouble() < 1 || factor.node().asDouble() > 100) {
                        throw factor.invalid("must be a number from 1 to 100");
                    }
                    yield new Condition.Overrun(Optional.empty(), Optional.of(factor.node().asDouble()));
                }
                yield new Condition.Overrun(Optional.of(positive(c.get("limit"))), Optional.empty());
            }
            case "queueBacklog" -> {
                c.allowOnly("type", "olderThan", "depth");
                Optional<Duration> olderThan = c.get("olderThan").duration();
                Optional<Integer> depth = c.get("depth").integer(0, Integer.MAX_VALUE);
                if (olderThan.isEmpty() && depth.isEmpty()) {
                    throw c.get("olderThan").invalid("give olderThan, depth or both");
                }
                yield new Condition.QueueBacklog(olderThan, depth);
            }
            case "noWorker" -> {
                c.allowOnly("type", "for");
                yield new Condition.NoWorker(positive(c.get("for")));
            }
            default -> throw c.get("type").invalid("\"" + type + "\" is not a condition; use one of missed, failed, lateStart,"
                    + " staleSuccess, flapping, overrun, queueBacklog, noWorker");
        };
    }

    private static Duration positive(SpecField field) {
        Duration d = field.requiredDuration();
        if (d.isZero()) {
            throw field.invalid("must be more than 0");
        }
        return d;
    }

    /**
     * A channel's spec. Its endpoint's host must be one the egress policy allows; an address or
     * {@code localhost} that it refuses is refused here, other names when a message is sent.
     */
    public static AlertChannel channel(String namespace, String name, JsonNode json, EgressPolicy egress) {
        Names.requireResourceName("name", name);
        SpecField spec = SpecField.root(json);
        spec.allowOnly("type", "url", "secret", "routingKey", "smtp", "link");
        String typeText = spec.get("type").requiredText();
        ChannelType type = ChannelType.fromWireName(typeText).orElseThrow(() -> spec.get("type").invalid("\"" + typeText
                + "\" is not a channel type; use webhook, slack, pagerduty or email"));
        Optional<String> link = spec.get("link").text();
        link.ifPresent(l -> url(spec.get("link"), l));
        return switch (type) {
            case WEBHOOK, SLACK -> {
                URI url = checkedUrl(spec.get("url"), spec.get("url").requiredText(), egress);
                Optional<dev.tock.model.SecretKeyRef> secret = type == ChannelType.WEBHOOK ? spec.get("secret").secretRef() : Optional.empty();
                if (type == ChannelType.SLACK && spec.get("secret").present()) {
                    throw spec.get("secret").invalid("slack webhooks are not signed; leave secret out");
                }
                yield new AlertChannel(namespace, name, type, Optional.of(url), secret, Optional.empty(), link);
            }
            case PAGERDUTY -> {
                URI url = checkedUrl(spec.get("url"), spec.get("url").text().orElse(AlertChannel.PAGERDUTY_EVENTS.toString()), egress);
                var key = spec.get("routingKey").secretRef().orElseThrow(() -> spec.get("routingKey").invalid(
                        "is required: {\"valueFrom\": {\"secretKeyRef\": {\"name\": ..., \"key\": ...}}}"));
                yield new AlertChannel(namespace, name, type, Optional.of(url), Optional.of(key), Optional.empty(), link);
            }
            case EMAIL -> email(namespace, name, spec, egress, link);
        };
    }

    /** A channel already stored: read as saved, its hosts checked by the egress policy when it was saved and before each send. */
    public static AlertChannel storedChannel(String namespace, String name, JsonNode json) {
        return channel(namespace, name, json, ANY_HOST);
    }

    private static final EgressPolicy ANY_HOST = EgressPolicy.parse(List.of("0.0.0.0/0", "::/0"));

    private static AlertChannel email(String namespace, String name, SpecField spec, EgressPolicy egress, Optional<String> link) {
        SpecField smtp = spec.get("smtp");
        if (!smtp.present()) {
            throw smtp.invalid("is required for email: {\"host\": ..., \"port\": 587, \"from\": ..., \"to\": [...]}");
        }
        smtp.allowOnly("host", "port", "startTls", "username", "password", "from", "to", "trustCertificate");
        String host = smtp.get("host").requiredText();
        egress.refusesAtCreation(host).ifPresent(reason -> {
            throw smtp.get("host").invalid(reason);
        });
        int port = smtp.get("port").integer(1, 65535).orElse(587);
        boolean startTls = smtp.get("startTls").bool().orElse(true);
        Optional<String> username = smtp.get("username").text();
        var password = smtp.get("password").secretRef();
        String from = address(smtp.get("from"), smtp.get("from").requiredText());
        List<String> to = new ArrayList<>();
        for (SpecField t : smtp.get("to").items()) {
            to.add(address(t, t.requiredText()));
        }
        if (to.isEmpty()) {
            throw smtp.get("to").invalid("give at least one address");
        }
        Optional<String> trust = smtp.get("trustCertificate").text();
        trust.ifPresent(pem -> {
            if (!startTls) {
                throw smtp.get("trustCertificate").invalid("applies only with startTls: true");
            }
            PemCertificate.parse(pem).orElseThrow(() -> smtp.get("trustCertificate").invalid(
                    "is not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)"));
        });
        return new AlertChannel(namespace, name, ChannelType.EMAIL, Optional.empty(), password,
                Optional.of(new AlertChannel.Smtp(host, port, startTls, username, from, to, trust)), link);
    }

    private static String address(SpecField field, String text) {
        if (!text.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw field.invalid("is not an email address: \"" + text + "\"");
        }
        return text;
    }

    private static URI url(SpecField field, String text) {
        try {
            URI uri = new URI(text);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw field.invalid("must be an http or https URL with a host; was \"" + text + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw field.invalid("is not a URL: " + e.getMessage());
        }
    }

    private static URI checkedUrl(SpecField field, String text, EgressPolicy egress) {
        URI uri = url(field, text);
        egress.refusesAtCreation(uri.getHost()).ifPresent(reason -> {
            throw field.invalid(reason);
        });
        return uri;
    }

    /** A silence: {@code until} a time, or {@code cron} + {@code duration} (+ {@code zone}, UTC by default). */
    public static Silence silence(String namespace, String name, JsonNode json) {
        Names.requireResourceName("name", name);
        SpecField spec = SpecField.root(json);
        spec.allowOnly("rule", "subject", "until", "cron", "duration", "zone", "comment");
        String rule = spec.get("rule").text().orElse("*");
        String subject = spec.get("subject").text().orElse("*");
        Optional<Instant> until = spec.get("until").text().map(t -> instant(spec.get("until"), t));
        Optional<String> cron = spec.get("cron").text();
        Optional<Duration> duration = spec.get("duration").duration();
        Optional<ZoneId> zone = spec.get("zone").text().map(z -> zone(spec.get("zone"), z));
        if (until.isPresent() == cron.isPresent()) {
            throw spec.get("until").invalid("give either until (a time) or cron with duration (a recurring window)");
        }
        if (cron.isPresent()) {
            try {
                CronSpec.parse(cron.get());
            } catch (InvalidJobException e) {
                throw spec.get("cron").invalid(e.getMessage().replaceFirst("^[^:]*: ", ""));
            }
            if (duration.isEmpty() || duration.get().isZero()) {
                throw spec.get("duration").invalid("is required with cron and must be more than 0, e.g. 2h");
            }
        }
        return new Silence(namespace, name, rule, subject, until, cron, duration, zone, spec.get("comment").text().orElse(""));
    }

    private static Instant instant(SpecField field, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw field.invalid("not a time: \"" + text + "\" (use RFC 3339, e.g. 2026-01-31T09:00:00Z)");
        }
    }

    private static ZoneId zone(SpecField field, String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw field.invalid("is not a time zone: \"" + text + "\" (use e.g. Europe/Berlin)");
        }
    }
}

package dev.tock.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.Durations;
import dev.tock.model.InvalidJobException;
import dev.tock.model.Names;
import dev.tock.schedule.CronSpec;
import dev.tock.schedule.DstGapRule;
import dev.tock.schedule.DstOverlapRule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * {@code kind: Monitor}: work that runs elsewhere (a Kubernetes CronJob, a crontab) and pings Tock. A ping is
 * expected at each time of {@code cron} in {@code zone}; one that has not come {@code grace} after it is missed.
 */
public record Monitor(String namespace, String name, String cron, ZoneId zone, Duration grace) {

    /** The next time a ping is due after {@code after} (the latest ping, or the monitor's creation). */
    public Optional<Instant> nextExpected(Instant after) {
        return CronSpec.parse(cron).nextAfter(after, zone, DstGapRule.SHIFT, DstOverlapRule.ONCE);
    }

    public ObjectNode specJson() {
        return JsonNodeFactory.instance.objectNode().put("cron", cron).put("timeZone", zone.getId()).put("grace", Durations.format(grace));
    }

    /** Reads a spec {@code {"cron": "0 2 * * *", "timeZone": "Europe/Berlin", "grace": "10m"}}; errors name the field. */
    public static Monitor of(String namespace, String name, JsonNode spec) {
        Names.requireResourceName("name", name);
        if (spec == null || !spec.isObject()) {
            throw new InvalidJobException("spec", "must be an object: {\"cron\": \"0 2 * * *\", \"grace\": \"10m\"}");
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!List.of("cron", "timeZone", "grace").contains(field)) {
                throw new InvalidJobException(field, "is not a known field (known: cron, timeZone, grace)");
            }
        }
        if (!spec.path("cron").isTextual()) {
            throw new InvalidJobException("cron", "is required: a cron spec such as \"0 2 * * *\" or \"@every 5m\"");
        }
        String cron = spec.get("cron").asText();
        try {
            CronSpec.parse(cron);
        } catch (InvalidJobException e) {
            throw new InvalidJobException("cron", e.getMessage().replaceFirst("^[^:]*: ", ""));
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(spec.path("timeZone").asText("UTC"));
        } catch (DateTimeException e) {
            throw new InvalidJobException("timeZone", "is not a time zone: \"" + spec.path("timeZone").asText() + "\"");
        }
        Duration grace;
        try {
            grace = Durations.parse(spec.path("grace").asText("5m"));
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("grace", e.getMessage());
        }
        if (grace.isNegative()) {
            throw new InvalidJobException("grace", "must not be negative; was " + spec.path("grace").asText());
        }
        return new Monitor(namespace, name, cron, zone, grace);
    }
}

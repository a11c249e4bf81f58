package dev.tock.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.Durations;
import dev.tock.schedule.CronSpec;
import dev.tock.schedule.DstGapRule;
import dev.tock.schedule.DstOverlapRule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A silence or maintenance window: while it is active, alerts of matching rules and subjects are still
 * recorded, but their notifications are suppressed. Either until a time, or a recurring window that opens
 * at each time of {@code cron} (in {@code zone}) and lasts {@code duration}.
 *
 * @param rule the rule's name, or a pattern with {@code *}
 * @param subject the subject, e.g. {@code schedule/nightly-*}, or {@code *}
 */
public record Silence(String namespace, String name, String rule, String subject, Optional<Instant> until,
                      Optional<String> cron, Optional<Duration> duration, Optional<ZoneId> zone, String comment) {

    public boolean matches(String ruleName, String subjectKey) {
        return SubjectSelector.glob(rule, ruleName) && SubjectSelector.glob(subject, subjectKey);
    }

    /** Whether it hushes notifications at {@code now}. */
    public boolean activeAt(Instant now) {
        if (until.isPresent()) {
            return now.isBefore(until.get());
        }
        // Open when a window opened in (now - duration, now]: the first opening after now - duration is not after now.
        Instant from = now.minus(duration.orElseThrow());
        return CronSpec.parse(cron.orElseThrow()).nextAfter(from, zone.orElse(ZoneId.of("UTC")), DstGapRule.SHIFT, DstOverlapRule.ONCE)
                .filter(opened -> !opened.isAfter(now)).isPresent();
    }

    public ObjectNode specJson() {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("rule", rule).put("subject", subject);
        until.ifPresent(t -> spec.put("until", t.toString()));
        cron.ifPresent(c -> spec.put("cron", c));
        duration.ifPresent(d -> spec.put("duration", Durations.format(d)));
        zone.ifPresent(z -> spec.put("zone", z.getId()));
        return spec.put("comment", comment);
    }
}

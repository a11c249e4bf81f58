package dev.tock.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code kind: AlertRule}: which subjects to watch, for which conditions, and which channels to tell.
 *
 * @param severity a free word carried into notifications and metrics, e.g. {@code critical}
 * @param reAlert while an alert stays firing (and is not acknowledged), notify again this often
 */
public record AlertRule(String namespace, String name, List<SubjectSelector> subjects, List<Condition> conditions,
                        List<String> channels, String severity, Optional<Duration> reAlert) {

    public AlertRule {
        subjects = List.copyOf(subjects);
        conditions = List.copyOf(conditions);
        channels = List.copyOf(channels);
    }

    /** The spec as the API shows it and apply compares it: every default filled in. */
    public ObjectNode specJson() {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        subjects.forEach(s -> spec.withArray("subjects").add(s.toJson()));
        conditions.forEach(c -> spec.withArray("conditions").add(c.toJson()));
        channels.forEach(c -> spec.withArray("channels").add(c));
        spec.put("severity", severity);
        reAlert.ifPresent(d -> spec.put("reAlert", Durations.format(d)));
        return spec;
    }
}

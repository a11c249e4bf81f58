package dev.tock.alert;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One incident of one rule's condition on one subject.
 *
 * @param occurrence what the incident is about (a nominal time, a job, a streak's first failure)
 * @param reAlerts how many repeat notifications were sent while it stayed firing
 */
public record Alert(UUID id, String namespace, String rule, String condition, String subject, String occurrence,
                    AlertState state, String severity, String summary, Instant firedAt, Optional<Instant> resolvedAt,
                    Optional<Instant> acknowledgedAt, Optional<String> acknowledgedBy, int reAlerts, Instant lastNotifiedAt) {

    /** The key of an incident: at most one alert of a rule's condition on a subject is firing at a time. */
    public String openKey() {
        return namespace + "/" + rule + "/" + condition + "/" + subject;
    }

    /** The key of an occurrence: it is alerted once, ever. */
    public String dedupKey() {
        return openKey() + "/" + occurrence;
    }
}

package dev.tock.alert;

import java.util.Map;

/**
 * A thing a rule watches: a schedule, a queue, the jobs of a type, or a heartbeat monitor.
 *
 * @param name the schedule's or queue's name, or the job type ({@code *} for every job of the namespace)
 * @param type the job type it runs (a schedule's template type; a job subject's own type)
 * @param labels its labels (a schedule's template labels)
 */
public record Subject(SubjectKind kind, String namespace, String name, String type, Map<String, String> labels) {

    /** {@code schedule/nightly}: how alerts name their subject. */
    public String key() {
        return kind.wireName() + "/" + name;
    }
}

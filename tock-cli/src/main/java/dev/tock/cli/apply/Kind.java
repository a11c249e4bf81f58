package dev.tock.cli.apply;

import dev.tock.cli.client.ApiPaths;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of object a document can declare, in the order they are applied: namespaces, then secrets, queues and
 * workflows, before what uses them (a schedule may name a workflow); pruned in the reverse order, namespaces never.
 */
enum Kind {
    NAMESPACE("Namespace"),
    SECRET("Secret"),
    ALERT_CHANNEL("AlertChannel"),
    QUEUE("Queue"),
    WORKFLOW("Workflow"),
    SCHEDULE("Schedule"),
    MONITOR("Monitor"),
    ALERT_RULE("AlertRule"),
    JOB("Job");

    private final String documentName;

    Kind(String documentName) {
        this.documentName = documentName;
    }

    /** The name in a document's {@code kind} field, e.g. {@code Schedule}. */
    String documentName() {
        return documentName;
    }

    /** The name in references such as {@code schedule/default/nightly}. */
    String refName() {
        return documentName.toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<Kind> byDocumentName(String name) {
        return Arrays.stream(values()).filter(k -> k.documentName.equals(name)).findFirst();
    }

    static String documentNames() {
        return String.join(", ", Arrays.stream(values()).map(Kind::documentName).toList());
    }

    /** Whether {@code --prune} may delete objects of this kind: never namespaces (what lives in them) nor jobs (history). */
    boolean prunable() {
        return this == SECRET || this == QUEUE || this == SCHEDULE || this == ALERT_CHANNEL || this == ALERT_RULE || this == MONITOR || this == WORKFLOW;
    }

    /** The REST path of one object of this kind; jobs have none by name. */
    String path(String namespace, String name) {
        return switch (this) {
            case NAMESPACE -> ApiPaths.namespace(name);
            case SECRET -> ApiPaths.secret(namespace, name);
            case QUEUE -> ApiPaths.queue(namespace, name);
            case SCHEDULE -> ApiPaths.schedule(namespace, name);
            case ALERT_CHANNEL -> ApiPaths.alertChannel(namespace, name);
            case ALERT_RULE -> ApiPaths.alertRule(namespace, name);
            case MONITOR -> ApiPaths.monitor(namespace, name);
            case WORKFLOW -> ApiPaths.workflow(namespace, name);
            case JOB -> throw new IllegalStateException("jobs are not addressed by name");
        };
    }
}

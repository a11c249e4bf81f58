package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What apply will do to one object.
 *
 * @param document the document that declares it; empty for an object to prune
 * @param live its spec on the server now; null when it does not exist
 * @param desired its spec as the document wants it; null for an object to prune
 */
record Change(ObjectRef ref, Action action, Optional<Document> document, JsonNode live, JsonNode desired) {

    /** What an {@link Action#IMMUTABLE} change is, e.g. {@code job/default/welcome-ada: immutable field changed (payload)}. */
    String immutableFieldsChanged() {
        return ref + ": immutable field changed (" + String.join(", ", Specs.changedFields(live, desired)) + ")";
    }

    enum Action {
        /** It does not exist: create it (a Job: enqueue it). */
        CREATE,
        /** It exists and differs: replace its settings. */
        CONFIGURE,
        /** It exists as the document wants it (a Job: it was enqueued before, as the document still says). */
        UNCHANGED,
        /** It exists, and the document changes what cannot be updated (a submitted Job): apply refuses it. */
        IMMUTABLE,
        /** Apply created it, and it is no longer in the files: delete it. */
        PRUNE
    }
}

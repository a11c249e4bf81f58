package dev.tock.cli.apply;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes apply would make, found by reading only, and the apply set's records before them.
 *
 * @param inventories per namespace, the objects the apply set had created ({@code kind/name})
 * @param gone per namespace, recorded objects that no longer exist (deleted by hand), to forget
 */
record Plan(List<Change> changes, Map<String, Set<String>> inventories, Map<String, Set<String>> gone) {

    boolean hasDifferences() {
        return changes.stream().anyMatch(c -> c.action() != Change.Action.UNCHANGED);
    }

    /** The changes apply refuses: documents that change what cannot be updated. */
    List<Change> immutable() {
        return changes.stream().filter(c -> c.action() == Change.Action.IMMUTABLE).toList();
    }
}

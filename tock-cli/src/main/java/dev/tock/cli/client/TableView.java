package dev.tock.cli.client;

import java.util.List;

/**
 * How an answer is shown as a table.
 *
 * @param items the field holding the array of items (e.g. {@code jobs}), or null when the answer is one item
 * @param noun what the items are, plural, for "No jobs found"
 * @param namespaced whether the items live in a namespace (said in "No ... found in namespace x")
 */
public record TableView(String items, String noun, boolean namespaced, List<Column> columns) {

    /** The same columns for an answer that is a single item. */
    public TableView single() {
        return new TableView(null, noun, namespaced, columns);
    }
}

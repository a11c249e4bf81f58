package dev.tock.store;

import java.util.List;

/** The namespaces: every other object lives in one. */
public interface NamespaceStore {

    boolean exists(String namespace);

    /** Every namespace's name, sorted by code point. */
    List<String> list();

    /**
     * Creates a namespace; does nothing when it exists. Safe when several callers create the same name
     * at once: exactly one of them is told it created it.
     *
     * @return true when this call created the namespace
     */
    boolean create(String namespace);
}

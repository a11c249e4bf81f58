package dev.tock.store;

import dev.tock.model.ApplySet;
import java.util.List;
import java.util.Optional;

/** Where declarative apply sets are recorded (see {@link ApplySet}). */
public interface ApplySetStore {
    Optional<ApplySet> find(String namespace, String name);

    /** A namespace's apply sets, by name. */
    List<ApplySet> list(String namespace);

    /**
     * Creates or replaces an apply set; safe when several callers save the same set at once.
     *
     * @return true when this call created the set, false when it replaced one
     * @throws dev.tock.model.UnknownNamespaceException when its namespace does not exist
     */
    boolean save(ApplySet set);

    /** Forgets an apply set (not its members); false when there was none. */
    boolean delete(String namespace, String name);
}

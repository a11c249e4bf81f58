package dev.tock.store;

import dev.tock.model.ApplySet;
import dev.tock.model.UnknownNamespaceException;
import java.util.List;
import java.util.Optional;

/** Where declarative apply sets are recorded (see {@link ApplySet}). */
public interface ApplySetStore {
    Optional<ApplySet> findApplySet(String namespace, String name);

    /** A namespace's apply sets, by name. */
    List<ApplySet> applySets(String namespace);

    /**
     * Creates or replaces an apply set.
     *
     * @throws UnknownNamespaceException when its namespace does not exist
     */
    void saveApplySet(ApplySet set);

    /** Forgets an apply set (not its members); false when there was none. */
    boolean deleteApplySet(String namespace, String name);
}

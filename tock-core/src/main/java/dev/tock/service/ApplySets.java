package dev.tock.service;

import dev.tock.model.ApplySet;
import java.util.List;
import java.util.Optional;

/** What each declarative apply set ({@code tock apply --apply-set}) created, kept for pruning. */
public interface ApplySets {

    Optional<ApplySet> find(String namespace, String name);

    /** A namespace's apply sets, by name. */
    List<ApplySet> list(String namespace);

    /**
     * Records (or replaces) what an apply set created.
     *
     * @return true when this call created the record
     */
    boolean save(ApplySet set);

    /** Forgets an apply set (not its members); false when there was none. */
    boolean delete(String namespace, String name);
}

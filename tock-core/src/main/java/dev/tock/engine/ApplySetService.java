package dev.tock.engine;

import dev.tock.model.ApplySet;
import dev.tock.service.ApplySets;
import dev.tock.store.ApplySetStore;
import java.util.List;
import java.util.Optional;

/** {@link ApplySets} on this node: the record of what each apply set created, read by {@code tock apply --prune}. */
final class ApplySetService implements ApplySets {
    private final ApplySetStore store;

    ApplySetService(ApplySetStore store) {
        this.store = store;
    }

    @Override
    public Optional<ApplySet> find(String namespace, String name) {
        return store.find(namespace, name);
    }

    @Override
    public List<ApplySet> list(String namespace) {
        return store.list(namespace);
    }

    @Override
    public boolean save(ApplySet set) {
        return store.save(set);
    }

    @Override
    public boolean delete(String namespace, String name) {
        return store.delete(namespace, name);
    }
}

package dev.tock.engine;

import dev.tock.model.Names;
import dev.tock.service.Namespaces;
import dev.tock.store.NamespaceStore;
import java.util.List;

/** {@link Namespaces} on this node: names are checked before they reach the store. */
final class NamespaceService implements Namespaces {
    private final NamespaceStore store;

    NamespaceService(NamespaceStore store) {
        this.store = store;
    }

    @Override
    public boolean create(String namespace) {
        return store.create(Names.requireResourceName("namespace", namespace));
    }

    @Override
    public boolean exists(String namespace) {
        return store.exists(namespace);
    }

    @Override
    public List<String> list() {
        return store.list();
    }
}

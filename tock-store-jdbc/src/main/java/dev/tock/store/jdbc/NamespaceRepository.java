package dev.tock.store.jdbc;

import dev.tock.model.UnknownNamespaceException;
import dev.tock.store.NamespaceStore;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code tock_namespaces} table. Namespaces are never deleted, so a name once found is cached and
 * the checks the other repositories make before a write ({@link #require}) cost no round trip.
 */
final class NamespaceRepository implements NamespaceStore {
    private final Transactions tx;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    NamespaceRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean exists(String namespace) {
        if (known.contains(namespace)) {
            return true;
        }
        boolean exists = tx.run("finding namespace", c -> Sql.exists(c, "SELECT 1 FROM tock_namespaces WHERE name = ?", namespace));
        if (exists) {
            known.add(namespace);
        }
        return exists;
    }

    @Override
    public List<String> list() {
        List<String> names = tx.list("listing namespaces", "SELECT name FROM tock_namespaces", rs -> rs.getString(1));
        // Sorted here, by code point: the database's collation would differ between stores.
        names.sort(null);
        return names;
    }

    /** One INSERT that skips an existing name, so concurrent creates of one name never conflict. */
    @Override
    public boolean create(String namespace) {
        int created = tx.update("creating namespace", "INSERT INTO tock_namespaces (name) VALUES (?) ON CONFLICT DO NOTHING",
                namespace);
        known.add(namespace);
        return created == 1;
    }

    /** @throws UnknownNamespaceException when the namespace does not exist */
    void require(String namespace) {
        if (!exists(namespace)) {
            throw new UnknownNamespaceException(namespace);
        }
    }

    /** {@link #require} for each distinct name, reading only those not cached. */
    void requireAll(Collection<String> namespaces) {
        namespaces.stream().distinct().filter(n -> !known.contains(n)).forEach(this::require);
    }
}

package dev.tock.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.model.ApplySet;
import dev.tock.store.ApplySetStore;
import dev.tock.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code tock_apply_sets} table: the members of each declarative apply set, as a JSON array. */
final class ApplySetRepository implements ApplySetStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "SELECT namespace, name, members FROM tock_apply_sets ";
    private final Transactions tx;
    private final NamespaceRepository namespaces;
    private final String insert;
    private final String update;

    ApplySetRepository(Transactions tx, Dialect dialect, NamespaceRepository namespaces) {
        this.tx = tx;
        this.namespaces = namespaces;
        this.insert = "INSERT INTO tock_apply_sets (members, namespace, name, updated_at) VALUES (?, ?, ?, " + dialect.now() + ")"
                + " ON CONFLICT DO NOTHING";
        this.update = "UPDATE tock_apply_sets SET members = ?, updated_at = " + dialect.now() + " WHERE namespace = ? AND name = ?";
    }

    @Override
    public Optional<ApplySet> find(String namespace, String name) {
        return tx.one("reading apply set", SELECT + "WHERE namespace = ? AND name = ?", ApplySetRepository::applySet,
                namespace, name);
    }

    @Override
    public List<ApplySet> list(String namespace) {
        List<ApplySet> sets = tx.list("listing apply sets", SELECT + "WHERE namespace = ?", ApplySetRepository::applySet,
                namespace);
        sets.sort(Comparator.comparing(ApplySet::name));
        return sets;
    }

    @Override
    public boolean save(ApplySet set) {
        namespaces.require(set.namespace());
        Object[] row = {write(set.members()), set.namespace(), set.name()};
        return tx.run("saving apply set", c -> Sql.insertOrUpdate(c, insert, row, update, row));
    }

    @Override
    public boolean delete(String namespace, String name) {
        return tx.update("deleting apply set", "DELETE FROM tock_apply_sets WHERE namespace = ? AND name = ?", namespace, name) == 1;
    }

    private static ApplySet applySet(ResultSet rs) throws SQLException {
        return new ApplySet(rs.getString("namespace"), rs.getString("name"), read(rs.getString("members")));
    }

    private static String write(Set<String> members) {
        try {
            return JSON.writeValueAsString(members);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write apply set members: " + e.getMessage(), e);
        }
    }

    private static Set<String> read(String json) throws SQLException {
        try {
            return JSON.readValue(json, new TypeReference<Set<String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable apply set members: " + e.getMessage(), e);
        }
    }
}

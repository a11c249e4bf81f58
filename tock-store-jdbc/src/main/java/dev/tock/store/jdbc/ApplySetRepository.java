package dev.tock.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.model.ApplySet;
import dev.tock.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code tock_apply_sets} table: the members of each declarative apply set, as a JSON array. */
final class ApplySetRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Transactions tx;
    private final String now;

    ApplySetRepository(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.now = dialect.now();
    }

    Optional<ApplySet> find(String namespace, String name) {
        List<ApplySet> found = select("WHERE namespace = ? AND name = ?", namespace, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<ApplySet> list(String namespace) {
        List<ApplySet> sets = select("WHERE namespace = ?", namespace);
        sets.sort(Comparator.comparing(ApplySet::name));
        return sets;
    }

    void save(ApplySet set) {
        String members = write(set.members());
        tx.run("saving apply set", c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE tock_apply_sets SET members = ?, updated_at = " + now + " WHERE namespace = ? AND name = ?")) {
                update.setString(1, members);
                update.setString(2, set.namespace());
                update.setString(3, set.name());
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO tock_apply_sets (namespace, name, members, updated_at) VALUES (?, ?, ?, " + now + ")")) {
                insert.setString(1, set.namespace());
                insert.setString(2, set.name());
                insert.setString(3, members);
                insert.executeUpdate();
            }
            return null;
        });
    }

    boolean delete(String namespace, String name) {
        return tx.run("deleting apply set", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tock_apply_sets WHERE namespace = ? AND name = ?")) {
                ps.setString(1, namespace);
                ps.setString(2, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private List<ApplySet> select(String where, String... parameters) {
        return tx.run("reading apply sets", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, name, members FROM tock_apply_sets " + where)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                List<ApplySet> sets = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sets.add(new ApplySet(rs.getString("namespace"), rs.getString("name"), read(rs.getString("members"))));
                    }
                }
                return sets;
            }
        });
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

package dev.tock.store.jdbc;

import dev.tock.model.NodeInfo;
import dev.tock.model.NodeRole;
import dev.tock.model.NodeStatus;
import dev.tock.store.ClusterStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code tock_nodes} table: which nodes run, with what roles and version, last seen when (store clock). */
final class NodeRegistry {
    private final Transactions tx;
    private final Dialect dialect;
    private final String update;
    private final String insert;
    private final String forget;

    NodeRegistry(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
        String now = dialect.now();
        this.update = "UPDATE tock_nodes SET roles = ?, version = ?, started_at = ?, last_seen = " + now + " WHERE id = ?";
        this.insert = "INSERT INTO tock_nodes (roles, version, started_at, last_seen, id) VALUES (?, ?, ?, " + now + ", ?)"
                + " ON CONFLICT DO NOTHING";
        this.forget = "DELETE FROM tock_nodes WHERE last_seen < " + dialect.plusMillis(now);
    }

    /** One UPDATE while the node is registered; an INSERT too when its row is missing (first start, or forgotten). */
    void heartbeat(NodeInfo node) {
        tx.run("heartbeating node", c -> {
            try (PreparedStatement ps = c.prepareStatement(update)) {
                bind(ps, node);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                bind(ps, node);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement ps, NodeInfo node) throws SQLException {
        ps.setString(1, rolesText(node.roles()));
        ps.setString(2, node.version());
        JobRows.setInstant(ps, 3, node.startedAt());
        ps.setString(4, node.id());
    }

    List<NodeStatus> list() {
        List<NodeStatus> nodes = tx.run("listing nodes", c -> {
            List<NodeStatus> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT n.*, " + dialect.now() + " AS store_now FROM tock_nodes n");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    NodeInfo node = new NodeInfo(rs.getString("id"), roles(rs.getString("roles")), rs.getString("version"),
                            JobRows.instant(rs, "started_at"));
                    found.add(new NodeStatus(node, JobRows.instant(rs, "last_seen"), JobRows.instant(rs, "store_now")));
                }
            }
            return found;
        });
        // Sorted here, by code point: the database's collation would differ between stores.
        nodes.sort(Comparator.comparing(n -> n.node().id()));
        return nodes;
    }

    void remove(String nodeId) {
        tx.run("removing node", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tock_nodes WHERE id = ?")) {
                ps.setString(1, nodeId);
                return ps.executeUpdate();
            }
        });
    }

    /** Deletes the rows of nodes unseen for {@link ClusterStore#FORGET_NODES_AFTER}. */
    int forgetVanished() {
        return tx.run("forgetting vanished nodes", c -> {
            try (PreparedStatement ps = c.prepareStatement(forget)) {
                ps.setLong(1, -ClusterStore.FORGET_NODES_AFTER.toMillis());
                return ps.executeUpdate();
            }
        });
    }

    /** Roles in their declared order, comma-separated: {@code api,scheduler,worker}. */
    private static String rolesText(Set<NodeRole> roles) {
        return roles.stream().sorted().map(NodeRole::wireName).collect(Collectors.joining(","));
    }

    private static Set<NodeRole> roles(String text) {
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(s -> roles.add(NodeRole.fromWireName(s)));
        return roles;
    }
}

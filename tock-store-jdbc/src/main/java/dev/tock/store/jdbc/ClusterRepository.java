package dev.tock.store.jdbc;

import dev.tock.model.NodeInfo;
import dev.tock.model.NodeRole;
import dev.tock.model.NodeStatus;
import dev.tock.store.ClusterStore;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code tock_nodes} table: which nodes run, with what roles and version, last seen when (store clock);
 * and {@code tock_cluster_settings}, the values every node shares.
 */
final class ClusterRepository implements ClusterStore {
    private static final String LEASE_TOKEN_KEY = "lease-token-key";
    private static final int LEASE_TOKEN_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactions tx;
    private final String now;
    private final String update;
    private final String insert;
    private final String forget;
    private final String insertSetting;
    /** Never changes once made, so it is read once. */
    private volatile byte[] leaseTokenKey;

    ClusterRepository(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.now = dialect.now();
        this.update = "UPDATE tock_nodes SET roles = ?, version = ?, started_at = ?, handles = ?, last_seen = " + now + " WHERE id = ?";
        this.insert = "INSERT INTO tock_nodes (roles, version, started_at, handles, last_seen, id) VALUES (?, ?, ?, ?, " + now + ", ?)"
                + " ON CONFLICT DO NOTHING";
        this.forget = "DELETE FROM tock_nodes WHERE last_seen < " + dialect.plusMillis(now);
        this.insertSetting = "INSERT INTO tock_cluster_settings (name, setting_value, created_at) VALUES (?, ?, " + now + ")"
                + " ON CONFLICT DO NOTHING";
    }

    /** One UPDATE while the node is registered; an INSERT too when its row is missing (first start, or forgotten). */
    @Override
    public void heartbeat(NodeInfo node) {
        Object handles = node.handles().isEmpty() ? new Sql.Null(java.sql.Types.VARCHAR)
                : node.handles().stream().sorted().collect(Collectors.joining("\n"));
        Object[] row = {rolesText(node.roles()), node.version(), node.startedAt(), handles, node.id()};
        tx.run("heartbeating node", c -> Sql.update(c, update, row) == 1 || Sql.update(c, insert, row) == 1);
    }

    @Override
    public List<NodeStatus> nodes() {
        List<NodeStatus> nodes = tx.list("listing nodes", "SELECT n.*, " + now + " AS store_now FROM tock_nodes n",
                ClusterRepository::status);
        // Sorted here, by code point: the database's collation would differ between stores.
        nodes.sort(Comparator.comparing(n -> n.node().id()));
        return nodes;
    }

    @Override
    public void remove(String nodeId) {
        tx.update("removing node", "DELETE FROM tock_nodes WHERE id = ?", nodeId);
    }

    @Override
    public byte[] leaseTokenKey() {
        byte[] key = leaseTokenKey;
        if (key == null) {
            String fresh = Base64.getEncoder().encodeToString(randomBytes(LEASE_TOKEN_KEY_BYTES));
            String stored = tx.run("reading the lease token key", c -> {
                Sql.update(c, insertSetting, LEASE_TOKEN_KEY, fresh);
                return Sql.one(c, "SELECT setting_value FROM tock_cluster_settings WHERE name = ?", rs -> rs.getString(1),
                        LEASE_TOKEN_KEY).orElseThrow();
            });
            key = Base64.getDecoder().decode(stored);
            leaseTokenKey = key;
        }
        return key.clone();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Deletes the rows of nodes unseen for {@link ClusterStore#FORGET_NODES_AFTER}; returns how many. */
    int forgetVanished() {
        return tx.update("forgetting vanished nodes", forget, -FORGET_NODES_AFTER.toMillis());
    }

    private static NodeStatus status(ResultSet rs) throws SQLException {
        NodeInfo node = new NodeInfo(rs.getString("id"), roles(rs.getString("roles")), rs.getString("version"),
                JobRows.instant(rs, "started_at"), handles(rs.getString("handles")));
        return new NodeStatus(node, JobRows.instant(rs, "last_seen"), JobRows.instant(rs, "store_now"));
    }

    /** Roles in their declared order, comma-separated: {@code api,scheduler,worker}. */
    private static String rolesText(Set<NodeRole> roles) {
        return roles.stream().sorted().map(NodeRole::wireName).collect(Collectors.joining(","));
    }

    private static Set<String> handles(String text) {
        return text == null ? Set.of() : Set.of(text.split("\n"));
    }

    private static Set<NodeRole> roles(String text) {
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(s -> roles.add(NodeRole.fromWireName(s)));
        return roles;
    }
}

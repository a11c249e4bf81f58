package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.NodeInfo;
import dev.tock.model.NodeRole;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Maintenance forgets nodes unseen for an hour, on both databases. Outside the shared suite because
 * only SQL can move a heartbeat into the past: the store always writes its own clock.
 */
class NodeForgettingTest {

    @Test
    void h2() throws SQLException {
        StoreOptions options = TestDatabases.freshH2();
        try (Store store = JdbcStore.open(options)) {
            forgetsOnlyNodesUnseenForAnHour(store, options.url(), "tock_nodes");
        }
    }

    @Test
    void postgres() throws SQLException {
        String schema = TestDatabases.freshSchemaName();
        try (Store store = JdbcStore.open(TestDatabases.postgres(schema))) {
            forgetsOnlyNodesUnseenForAnHour(store, TestDatabases.POSTGRES_URL, schema + ".tock_nodes");
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    private static void forgetsOnlyNodesUnseenForAnHour(Store store, String url, String table) throws SQLException {
        for (String id : new String[] {"gone", "quiet", "live"}) {
            store.cluster().heartbeat(new NodeInfo(id, Set.of(NodeRole.WORKER), "dev", store.now()));
        }
        Instant now = store.now();
        setLastSeen(url, table, "gone", now.minusSeconds(3601));
        setLastSeen(url, table, "quiet", now.minusSeconds(3000));

        store.maintain();

        assertThat(store.cluster().nodes()).extracting(n -> n.node().id()).containsExactly("live", "quiet");
    }

    private static void setLastSeen(String url, String table, String id, Instant lastSeen) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET last_seen = ? WHERE id = ?")) {
            JobRows.setInstant(ps, 1, lastSeen);
            ps.setString(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}

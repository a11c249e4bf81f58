package dev.tock.store;

import dev.tock.model.NodeInfo;
import dev.tock.model.NodeStatus;
import java.time.Duration;
import java.util.List;

/**
 * The registry of the cluster's nodes. Each node heartbeats its row while it runs and removes it when
 * it stops; rows of nodes that vanished without stopping are removed by {@link Store#maintain()}
 * once unseen for {@link #FORGET_NODES_AFTER}.
 */
public interface ClusterStore {
    /** How long a node may stay unseen before maintenance forgets it. */
    Duration FORGET_NODES_AFTER = Duration.ofHours(1);

    /** Registers the node or refreshes its row: its settings as given, last seen now on the store's clock. */
    void heartbeat(NodeInfo node);

    /** Every registered node, by id. */
    List<NodeStatus> nodes();

    /** Forgets a node; does nothing when there is no such node. A node still running registers again at its next heartbeat. */
    void remove(String nodeId);

    /**
     * The key that signs the lease tokens external workers get: 32 random bytes, made once by the first
     * node that asks and the same for every node of the store, so that any node can check a token another
     * handed out. Whoever can read the store can read it.
     */
    byte[] leaseTokenKey();
}

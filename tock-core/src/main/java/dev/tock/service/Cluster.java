package dev.tock.service;

import dev.tock.model.NodeInfo;
import dev.tock.model.NodeStatus;
import dev.tock.model.Readiness;
import java.util.List;

/** The nodes sharing the store, and this node's own state. */
public interface Cluster {

    /** Every node registered in the store, by id, with when each was last seen (store clock). */
    List<NodeStatus> nodes();

    /**
     * Forgets a node, e.g. one that vanished without stopping (maintenance forgets those after an hour
     * anyway). A node that is still running registers again at its next heartbeat.
     */
    void remove(String nodeId);

    /** This node's id (setting {@code node-id}), known without asking the store. */
    String nodeId();

    /** This node as it registers itself: id, roles, version, start time (store clock). */
    NodeInfo self();

    /** The kind of store this node uses, e.g. {@code postgresql} or {@code h2}. */
    String storeKind();

    /** Jobs this node holds right now: running, or leased ahead and waiting for a free worker. */
    int heldCount();

    /**
     * Whether this node can serve: its store answers and the schema is current. Answers within a second
     * even while the store hangs (then not ready, saying so); the answer may be up to a second old.
     */
    Readiness readiness();
}

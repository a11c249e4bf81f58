package dev.tock.engine;

import dev.tock.model.NodeInfo;
import dev.tock.model.NodeRole;
import dev.tock.store.Store;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's row in the store's node registry: written at start, refreshed at every heartbeat (one
 * statement), removed at stop. A store that cannot be reached delays registration to a later
 * heartbeat; it never stops the node.
 */
final class NodeRegistration implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);

    private final Store store;
    private final String nodeId;
    private final Set<NodeRole> roles;
    private final String version;
    private final Set<String> handles;
    /** Built at the first heartbeat that can read the store's clock, which gives the start time. */
    private volatile NodeInfo info;

    NodeRegistration(Store store, String nodeId, Set<NodeRole> roles, String version, Set<String> handles) {
        this.store = store;
        this.handles = Set.copyOf(handles);
        this.nodeId = nodeId;
        this.roles = Set.copyOf(roles);
        this.version = version;
    }

    /** Registers now; on failure, logs and leaves it to the next heartbeat. */
    void register() {
        try {
            run();
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("node", nodeId).setCause(e)
                    .log("could not register node {}; trying again at its next heartbeat", nodeId);
        }
    }

    @Override
    public void run() {
        store.cluster().heartbeat(info());
    }

    /** Removes this node's row; on failure, maintenance forgets it after an hour. */
    void deregister() {
        try {
            store.cluster().remove(nodeId);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("node", nodeId).setCause(e)
                    .log("could not remove node {} from the registry; it is forgotten once unseen for an hour", nodeId);
        }
    }

    String nodeId() {
        return nodeId;
    }

    NodeInfo info() {
        NodeInfo current = info;
        if (current == null) {
            current = new NodeInfo(nodeId, roles, version, store.now(), handles);
            info = current;
        }
        return current;
    }
}

package dev.tock.http.dto;

import dev.tock.model.NodeRole;
import dev.tock.model.NodeStatus;
import java.util.List;

/**
 * The nodes sharing this store.
 *
 * @param version the Tock version of the node that answered
 * @param node the id of the node that answered
 */
public record ClusterView(String version, String node, List<NodeView> nodes) {

    /**
     * One node.
     *
     * @param lastSeen its latest heartbeat, on the store's clock
     * @param sinceLastSeen how long ago that was; a node silent for a few heartbeat intervals is likely gone
     */
    public record NodeView(String id, List<String> roles, String version, String startedAt, String lastSeen,
                           String sinceLastSeen) {

        public static NodeView of(NodeStatus s) {
            return new NodeView(s.node().id(), s.node().roles().stream().sorted().map(NodeRole::wireName).toList(),
                    s.node().version(), Fields.format(s.node().startedAt()), Fields.format(s.lastSeen()),
                    Fields.format(s.sinceLastSeen()));
        }
    }
}

package dev.tock.engine;

import dev.tock.model.NodeInfo;
import dev.tock.model.NodeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the nodes and external workers heard from within the last minute run, from what they registered
 * ({@link NodeInfo#handles()}): whether anything would lease a job of a type, queue and executor.
 */
final class LiveHandlers {
    /** A node or worker not heard from for this long is not counted as handling anything. */
    static final Duration LIVE = Duration.ofMinutes(1);

    private final List<NodeStatus> live;

    private LiveHandlers(List<NodeStatus> live) {
        this.live = live;
    }

    static LiveHandlers of(List<NodeStatus> nodes) {
        return new LiveHandlers(nodes.stream().filter(n -> n.sinceLastSeen().compareTo(LIVE) <= 0).toList());
    }

    /**
     * Whether a live node enables the executor; for a job without one, whether a live node has a handler
     * of its type or a worker leased from its queue.
     */
    boolean handles(String namespace, String queue, String type, Optional<String> executorKind) {
        if (executorKind.isPresent()) {
            return any(NodeInfo.executor(executorKind.get()));
        }
        return any(NodeInfo.type(type)) || any(NodeInfo.queue(namespace, queue));
    }

    private boolean any(String entry) {
        return live.stream().anyMatch(n -> n.node().handles().contains(entry));
    }
}

package dev.tock.http;

import dev.tock.TockVersion;
import dev.tock.http.dto.ClusterView;
import dev.tock.service.Cluster;
import java.util.List;

/** {@code /v1/cluster}: the nodes sharing this store, their roles, last heartbeat and version. */
final class ClusterRoutes {
    private final Cluster cluster;

    ClusterRoutes(Cluster cluster) {
        this.cluster = cluster;
    }

    List<Route> routes() {
        return List.of(Route.get(ApiContext.V1 + "/cluster", "getCluster").tag("cluster").access(Access.OBSERVE)
                .summary("The nodes sharing this store: roles, version, start, last heartbeat")
                .returns(ClusterView.class).handler(this::cluster));
    }

    private ApiResponse cluster(ApiRequest request) {
        return ApiResponse.ok(new ClusterView(TockVersion.current(), cluster.nodeId(),
                cluster.nodes().stream().map(ClusterView.NodeView::of).toList()));
    }
}

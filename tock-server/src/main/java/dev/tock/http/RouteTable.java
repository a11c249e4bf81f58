package dev.tock.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Every route of a node: the operations routes always, the {@code /v1} API when the node has the api role. */
public final class RouteTable {
    private RouteTable() {
    }

    static List<Route> of(ApiContext ctx, boolean api, BooleanSupplier draining, String version) {
        List<Route> routes = new ArrayList<>();
        List<Route>[] holder = new List[1];
        routes.addAll(new OperationRoutes(ctx, draining, () -> OpenApiDocument.of(holder[0], version)).routes());
        if (api) {
            routes.addAll(new NamespaceRoutes(ctx).routes());
            routes.addAll(new QueueRoutes(ctx).routes());
            routes.addAll(new JobRoutes(ctx).routes());
            routes.addAll(new ScheduleRoutes(ctx).routes());
            routes.addAll(new ClusterRoutes(ctx).routes());
        }
        holder[0] = List.copyOf(routes);
        return holder[0];
    }
}

package dev.tock.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Every route of a node: the operations routes always, the {@code /v1} API when the node has the api role. */
public final class RouteTable {
    private RouteTable() {
    }

    static List<Route> of(ApiContext ctx, boolean api, BooleanSupplier draining, String version, ServerMetrics metrics,
                          ServerSecurity security) {
        List<Route> routes = new ArrayList<>();
        // The API document describes the whole table, its own route included: it reads the table once built.
        AtomicReference<List<Route>> table = new AtomicReference<>();
        routes.addAll(new OperationRoutes(ctx, draining, () -> OpenApiDocument.of(table.get(), version), metrics).routes());
        if (api) {
            routes.addAll(new NamespaceRoutes(ctx).routes());
            routes.addAll(new QueueRoutes(ctx).routes());
            routes.addAll(new JobRoutes(ctx).routes());
            routes.addAll(new ScheduleRoutes(ctx).routes());
            routes.addAll(new ApplySetRoutes(ctx).routes());
            routes.addAll(new ClusterRoutes(ctx).routes());
            routes.addAll(new WorkerRoutes(ctx).routes());
            routes.addAll(new ActivityRoutes(ctx).routes());
            routes.addAll(new TokenRoutes(ctx, security).routes());
            routes.addAll(new AuditRoutes(ctx, security).routes());
            routes.addAll(new LoginRoutes(ctx, security).routes());
        }
        table.set(List.copyOf(routes));
        return table.get();
    }
}

package dev.tock.http;

import dev.tock.engine.Tock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Every route of a node: the operations routes always, the {@code /v1} API when the node has the api role. */
public final class RouteTable {
    private RouteTable() {
    }

    static List<Route> of(Tock tock, ApiContext ctx, boolean api, BooleanSupplier draining, String version, ServerMetrics metrics,
                          ServerSecurity security) {
        List<Route> routes = new ArrayList<>();
        // The API document describes the whole table, its own route included: it reads the table once built.
        AtomicReference<List<Route>> table = new AtomicReference<>();
        routes.addAll(new OperationRoutes(tock.cluster(), tock.config().security().metricsPublic(), draining, () -> OpenApiDocument.of(table.get(), version), metrics).routes());
        if (api) {
            routes.addAll(new NamespaceRoutes(tock.namespaces()).routes());
            routes.addAll(new QueueRoutes(tock.queues()).routes());
            routes.addAll(new JobRoutes(ctx, tock.jobs()).routes());
            routes.addAll(new ScheduleRoutes(ctx, tock.schedules()).routes());
            routes.addAll(new ApplySetRoutes(tock.applySets()).routes());
            routes.addAll(new SecretRoutes(tock.secrets()).routes());
            routes.addAll(new AlertRoutes(tock.alerts()).routes());
            routes.addAll(new MonitorRoutes(tock.monitors()).routes());
            routes.addAll(new WorkflowRoutes(tock.workflows()).routes());
            routes.addAll(new ClusterRoutes(tock.cluster()).routes());
            routes.addAll(new WorkerRoutes(ctx, tock.workers()).routes());
            routes.addAll(new ActivityRoutes(tock.jobs()).routes());
            routes.addAll(new TokenRoutes(tock.security(), security).routes());
            routes.addAll(new AuditRoutes(tock.security(), security).routes());
            routes.addAll(new LoginRoutes(tock.security(), security).routes());
        }
        table.set(List.copyOf(routes));
        return table.get();
    }
}

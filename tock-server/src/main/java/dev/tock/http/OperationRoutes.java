package dev.tock.http;

import dev.tock.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Operations endpoints, served whatever the node's roles: liveness, readiness, metrics, the API document. */
final class OperationRoutes {
    private static final Logger log = LoggerFactory.getLogger(OperationRoutes.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final ApiContext ctx;
    private final BooleanSupplier draining;
    private final Supplier<Map<String, Object>> openApi;
    private final ServerMetrics metrics;

    /**
     * @param draining true once the node has begun to shut down: it is then no longer ready
     * @param openApi the API document of the whole route table
     */
    OperationRoutes(ApiContext ctx, BooleanSupplier draining, Supplier<Map<String, Object>> openApi, ServerMetrics metrics) {
        this.ctx = ctx;
        this.draining = draining;
        this.openApi = openApi;
        this.metrics = metrics;
    }

    /** The body of {@code /health} and {@code /ready}. */
    public record Status(String status, String node) {
    }

    List<Route> routes() {
        return List.of(
                Route.get("/health", "health").tag("operations").access(Access.PUBLIC).returns(Status.class)
                        .summary("Liveness: 200 while the process serves").handler(this::health),
                Route.get("/ready", "ready").tag("operations").access(Access.PUBLIC).returns(Status.class)
                        .summary("Readiness: 200 while the store answers and its schema is current and the node is not draining; 503 otherwise")
                        .handler(this::ready),
                Route.get("/metrics", "metrics").tag("operations")
                        .access(ctx.tock().config().security().metricsPublic() ? Access.PUBLIC : Access.OBSERVE)
                        .summary("Prometheus metrics: jobs enqueued and completed, start lateness and duration histograms,"
                                + " leases acquired and expired, schedule fires by outcome, queue depth, JVM")
                        .handler(request -> ApiResponse.text(metrics.scrape(), PROMETHEUS_TEXT)),
                Route.get("/openapi.json", "openApi").tag("operations").access(Access.PUBLIC)
                        .summary("This API as an OpenAPI 3 document").handler(request -> ApiResponse.ok(openApi.get())));
    }

    private ApiResponse health(ApiRequest request) {
        return ApiResponse.ok(new Status("ok", ctx.tock().config().nodeId()));
    }

    private ApiResponse ready(ApiRequest request) {
        if (draining.getAsBoolean()) {
            throw ApiProblem.unavailable("node " + ctx.tock().config().nodeId() + " is shutting down");
        }
        try {
            ctx.tock().store().checkReady();
        } catch (StoreException e) {
            log.warn("not ready: {}", e.getMessage());
            throw ApiProblem.unavailable("the store is not ready: " + e.getMessage());
        }
        return ApiResponse.ok(new Status("ready", ctx.tock().config().nodeId()));
    }
}

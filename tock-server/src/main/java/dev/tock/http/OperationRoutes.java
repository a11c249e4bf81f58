package dev.tock.http;

import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Readiness;
import dev.tock.service.Cluster;
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
    private final Cluster cluster;
    private final boolean metricsPublic;
    private final BooleanSupplier draining;
    private final Supplier<Map<String, Object>> openApi;
    private final ServerMetrics metrics;

    /**
     * @param metricsPublic whether {@code /metrics} is served without a token
     * @param draining true once the node has begun to shut down: it is then no longer ready
     * @param openApi the API document of the whole route table
     */
    OperationRoutes(Cluster cluster, boolean metricsPublic, BooleanSupplier draining, Supplier<Map<String, Object>> openApi,
                    ServerMetrics metrics) {
        this.cluster = cluster;
        this.metricsPublic = metricsPublic;
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
                        .access(metricsPublic ? Access.PUBLIC : Access.OBSERVE)
                        .summary("Prometheus metrics: jobs enqueued and completed, start lateness and duration histograms,"
                                + " leases acquired and expired, schedule fires by outcome, queue depth, JVM")
                        .handler(request -> ApiResponse.text(metrics.scrape(), PROMETHEUS_TEXT)),
                Route.get("/openapi.json", "openApi").tag("operations").access(Access.PUBLIC)
                        .summary("This API as an OpenAPI 3 document").handler(request -> ApiResponse.ok(openApi.get())));
    }

    private ApiResponse health(ApiRequest request) {
        return ApiResponse.ok(new Status("ok", cluster.nodeId()));
    }

    private ApiResponse ready(ApiRequest request) {
        if (draining.getAsBoolean()) {
            throw ApiProblem.unavailable("node " + cluster.nodeId() + " is shutting down");
        }
        Readiness readiness = cluster.readiness();
        if (!readiness.ready()) {
            String reason = readiness.reason().orElse("not ready");
            log.warn("not ready: {}", reason);
            throw ApiProblem.unavailable(reason);
        }
        return ApiResponse.ok(new Status("ready", cluster.nodeId()));
    }
}

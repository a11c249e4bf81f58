package dev.tock.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.dto.MonitorList;
import dev.tock.http.dto.MonitorView;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Names;
import dev.tock.monitor.PingKind;
import dev.tock.service.Monitors;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/namespaces/{ns}/monitors}: heartbeat monitors, and the ping URLs that work running elsewhere calls
 * with its monitor's ping token ({@code Tock-Ping-Token} header or {@code token} query parameter) — not an API token.
 */
final class MonitorRoutes {
    private static final String MONITORS = ApiContext.NS + "/monitors";
    private static final String MONITOR = MONITORS + "/{name}";
    private static final int SHOWN_PINGS = 20;
    private final Monitors monitors;

    MonitorRoutes(Monitors monitors) {
        this.monitors = monitors;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>(List.of(
                Route.get(MONITORS, "listMonitors").tag("monitors").returns(MonitorList.class).summary("List heartbeat monitors")
                        .handler(r -> ApiResponse.ok(new MonitorList(monitors.list(r.pathParam("ns")).stream()
                                .map(s -> MonitorView.of(s, null)).toList()))),
                Route.get(MONITOR, "getMonitor").tag("monitors").returns(MonitorView.class)
                        .summary("Get a monitor with its latest pings").handler(this::get),
                Route.put(MONITOR, "putMonitor").tag("monitors").body(JsonNode.class).returns(MonitorView.class).status(201)
                        .summary("Create (201, with its ping token, shown once) or replace (200, the token kept) a monitor"
                                + " `{\"cron\": \"0 2 * * *\", \"timeZone\": \"UTC\", \"grace\": \"10m\"}`").handler(this::put),
                Route.delete(MONITOR, "deleteMonitor").tag("monitors").status(204).summary("Delete a monitor and its pings")
                        .handler(this::delete),
                Route.post(MONITOR + "/token", "replaceMonitorToken").tag("monitors").returns(MonitorView.class)
                        .summary("Revoke a monitor's ping token and make a new one, shown once").handler(this::token)));
        for (PingKind kind : PingKind.values()) {
            routes.add(Route.post(MONITOR + "/" + kind.wireName(), kind.wireName() + "Monitor").tag("monitors").access(Access.PUBLIC).status(204)
                    .query("token", "string", "the monitor's ping token (or the Tock-Ping-Token header)")
                    .summary(switch (kind) {
                        case PING -> "Ping: the work succeeded (authenticated by the monitor's ping token, not an API token)";
                        case START -> "The work started (ping token)";
                        case FAIL -> "The work failed (ping token)";
                    }).handler(r -> ping(r, kind)));
        }
        return routes;
    }

    private ApiResponse get(ApiRequest r) {
        Monitors.Saved saved = monitors.find(r.pathParam("ns"), r.pathParam("name")).orElseThrow(() -> notFound(r));
        return ApiResponse.ok(MonitorView.of(saved, monitors.pings(r.pathParam("ns"), r.pathParam("name"), SHOWN_PINGS)));
    }

    private ApiResponse put(ApiRequest r) {
        String ns = r.pathParam("ns");
        Monitors.Saved saved = monitors.save(ns, Names.requireResourceName("name", r.pathParam("name")), r.body(JsonNode.class));
        MonitorView view = MonitorView.of(saved, null);
        return saved.created() ? ApiResponse.created(view, MONITORS.replace("{ns}", ns) + "/" + saved.stored().name()) : ApiResponse.ok(view);
    }

    private ApiResponse delete(ApiRequest r) {
        if (!monitors.delete(r.pathParam("ns"), r.pathParam("name"))) {
            throw notFound(r);
        }
        return ApiResponse.noContent();
    }

    private ApiResponse token(ApiRequest r) {
        return ApiResponse.ok(MonitorView.of(monitors.replaceToken(r.pathParam("ns"), r.pathParam("name")).orElseThrow(() -> notFound(r)), null));
    }

    private ApiResponse ping(ApiRequest r, PingKind kind) {
        String token = r.header("Tock-Ping-Token").or(() -> r.query("token")).orElse(null);
        if (!monitors.ping(r.pathParam("ns"), r.pathParam("name"), kind, token)) {
            // The same answer for a missing monitor and a wrong token: a ping URL tells nothing about what exists.
            throw ApiProblem.notFound("no monitor " + r.pathParam("name") + " with this ping token in namespace " + r.pathParam("ns"));
        }
        return ApiResponse.noContent();
    }

    private static ApiProblem notFound(ApiRequest r) {
        return ApiProblem.notFound("monitor " + r.pathParam("name") + " not found in namespace " + r.pathParam("ns"));
    }
}

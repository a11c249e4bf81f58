package dev.tock.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.alert.Alert;
import dev.tock.alert.AlertState;
import dev.tock.http.dto.AlertList;
import dev.tock.http.dto.AlertSpecList;
import dev.tock.http.dto.AlertSpecView;
import dev.tock.http.dto.AlertView;
import dev.tock.http.dto.ChannelTestResult;
import dev.tock.http.dto.Fields;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Names;
import dev.tock.service.Alerts;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /v1/namespaces/{ns}/alert-rules}, {@code alert-channels}, {@code alert-silences} and {@code alerts}:
 * what to watch, where to tell, when to keep quiet, and what fired.
 */
final class AlertRoutes {
    private static final String RULES = ApiContext.NS + "/alert-rules";
    private static final String CHANNELS = ApiContext.NS + "/alert-channels";
    private static final String SILENCES = ApiContext.NS + "/alert-silences";
    private static final String ALERTS = ApiContext.NS + "/alerts";
    private final Alerts alerts;

    AlertRoutes(Alerts alerts) {
        this.alerts = alerts;
    }

    List<Route> routes() {
        return List.of(
                Route.get(RULES, "listAlertRules").tag("alerts").returns(AlertSpecList.class)
                        .summary("List alert rules").handler(r -> list(alerts.rules(ns(r)).stream().map(Alerts.Saved::stored))),
                Route.get(RULES + "/{name}", "getAlertRule").tag("alerts").returns(AlertSpecView.class)
                        .summary("Get an alert rule").handler(r -> found(alerts.rule(ns(r), name(r)).map(Alerts.Saved::stored), "alert rule", r)),
                Route.put(RULES + "/{name}", "putAlertRule").tag("alerts").body(JsonNode.class).returns(AlertSpecView.class).status(201)
                        .summary("Create or replace an alert rule: subjects, conditions, channels, severity, reAlert (200 when it existed)")
                        .handler(r -> saved(r, RULES, alerts.saveRule(ns(r), checkedName(r), r.body(JsonNode.class)))),
                Route.delete(RULES + "/{name}", "deleteAlertRule").tag("alerts").status(204)
                        .summary("Delete an alert rule; its firing alerts resolve").handler(r -> deleted(alerts.deleteRule(ns(r), name(r)), "alert rule", r)),
                Route.get(CHANNELS, "listAlertChannels").tag("alerts").returns(AlertSpecList.class)
                        .summary("List alert channels").handler(r -> list(alerts.channels(ns(r)).stream().map(Alerts.Saved::stored))),
                Route.get(CHANNELS + "/{name}", "getAlertChannel").tag("alerts").returns(AlertSpecView.class)
                        .summary("Get an alert channel (secret settings as references)")
                        .handler(r -> found(alerts.channel(ns(r), name(r)).map(Alerts.Saved::stored), "alert channel", r)),
                Route.put(CHANNELS + "/{name}", "putAlertChannel").tag("alerts").body(JsonNode.class).returns(AlertSpecView.class).status(201)
                        .summary("Create or replace an alert channel: webhook, slack, pagerduty or email (200 when it existed)")
                        .handler(r -> saved(r, CHANNELS, alerts.saveChannel(ns(r), checkedName(r), r.body(JsonNode.class)))),
                Route.delete(CHANNELS + "/{name}", "deleteAlertChannel").tag("alerts").status(204)
                        .summary("Delete an alert channel").handler(r -> deleted(alerts.deleteChannel(ns(r), name(r)), "alert channel", r)),
                Route.post(CHANNELS + "/{name}/test", "testAlertChannel").tag("alerts").access(Access.OPERATE).returns(ChannelTestResult.class)
                        .summary("Send a test message through a channel now; answers whether it was delivered").handler(this::test),
                Route.get(SILENCES, "listAlertSilences").tag("alerts").returns(AlertSpecList.class)
                        .summary("List silences").handler(r -> list(alerts.silences(ns(r)).stream().map(Alerts.Saved::stored))),
                Route.put(SILENCES + "/{name}", "putAlertSilence").tag("alerts").access(Access.OPERATE).body(JsonNode.class).returns(AlertSpecView.class).status(201)
                        .summary("Create or replace a silence: rule, subject, and until or cron + duration + zone")
                        .handler(r -> saved(r, SILENCES, alerts.saveSilence(ns(r), checkedName(r), r.body(JsonNode.class)))),
                Route.delete(SILENCES + "/{name}", "deleteAlertSilence").tag("alerts").access(Access.OPERATE).status(204)
                        .summary("Delete a silence").handler(r -> deleted(alerts.deleteSilence(ns(r), name(r)), "silence", r)),
                Route.get(ALERTS, "listAlerts").tag("alerts").returns(AlertList.class)
                        .query("state", "string", "firing or resolved; both when absent")
                        .query("limit", "integer", "at most this many, newest first (default 100, at most 1000)")
                        .summary("List alerts, newest first").handler(this::listAlerts),
                Route.get(ALERTS + "/{id}", "getAlert").tag("alerts").returns(AlertView.class)
                        .summary("Get an alert with its notifications").handler(this::getAlert),
                Route.post(ALERTS + "/{id}/ack", "acknowledgeAlert").tag("alerts").access(Access.OPERATE).returns(AlertView.class)
                        .summary("Acknowledge an alert: it stays firing but is not repeated").handler(this::acknowledge));
    }

    private static String ns(ApiRequest r) {
        return r.pathParam("ns");
    }

    private static String name(ApiRequest r) {
        return r.pathParam("name");
    }

    private static String checkedName(ApiRequest r) {
        return Names.requireResourceName("name", r.pathParam("name"));
    }

    private static ApiResponse list(java.util.stream.Stream<dev.tock.alert.StoredSpec> specs) {
        return ApiResponse.ok(new AlertSpecList(specs.map(AlertSpecView::of).toList()));
    }

    private static ApiResponse saved(ApiRequest r, String collection, Alerts.Saved<?> saved) {
        AlertSpecView view = AlertSpecView.of(saved.stored()).withCreated(saved.created());
        return saved.created() ? ApiResponse.created(view, collection.replace("{ns}", ns(r)) + "/" + saved.stored().name()) : ApiResponse.ok(view);
    }

    private static ApiResponse found(Optional<dev.tock.alert.StoredSpec> spec, String what, ApiRequest r) {
        return ApiResponse.ok(AlertSpecView.of(spec.orElseThrow(() -> ApiProblem.notFound(what + " " + name(r) + " not found in namespace " + ns(r)))));
    }

    private static ApiResponse deleted(boolean deleted, String what, ApiRequest r) {
        if (!deleted) {
            throw ApiProblem.notFound(what + " " + name(r) + " not found in namespace " + ns(r));
        }
        return ApiResponse.noContent();
    }

    private ApiResponse test(ApiRequest r) {
        if (alerts.channel(ns(r), name(r)).isEmpty()) {
            throw ApiProblem.notFound("alert channel " + name(r) + " not found in namespace " + ns(r));
        }
        Optional<String> error = alerts.test(ns(r), name(r));
        return ApiResponse.ok(new ChannelTestResult(name(r), error.isEmpty(), error.orElse(null)));
    }

    private ApiResponse listAlerts(ApiRequest r) {
        Optional<AlertState> state = Optional.ofNullable(Fields.choice("state", r.query("state").orElse(null), AlertState.class));
        int limit = r.intQuery("limit", 100, 1, 1000);
        return ApiResponse.ok(new AlertList(alerts.alerts(ns(r), state, limit).stream().map(a -> AlertView.of(a, null)).toList()));
    }

    private ApiResponse getAlert(ApiRequest r) {
        Alert alert = existing(r);
        return ApiResponse.ok(AlertView.of(alert, alerts.notifications(ns(r), alert.id())));
    }

    private ApiResponse acknowledge(ApiRequest r) {
        Alert alert = existing(r);
        String by = r.principal().map(java.security.Principal::getName).orElse(r.client().address());
        alerts.acknowledge(ns(r), alert.id(), by);
        return ApiResponse.ok(AlertView.of(existing(r), null));
    }

    private Alert existing(ApiRequest r) {
        UUID id;
        try {
            id = UUID.fromString(r.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("id", "id: not an alert id (a UUID): \"" + r.pathParam("id") + "\"");
        }
        return alerts.alert(ns(r), id).orElseThrow(() -> ApiProblem.notFound("alert " + id + " not found in namespace " + ns(r)));
    }
}

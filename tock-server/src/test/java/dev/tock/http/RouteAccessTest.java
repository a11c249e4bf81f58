package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Walks every route of {@code /openapi.json} with no token, a token of each role, and tokens of
 * another namespace, and checks the answer against the design: 401 without a token, 403 for a role too
 * low or a namespace out of scope, and an answer from the route itself (2xx for every read) otherwise.
 */
class RouteAccessTest extends SecuredApiTest {

    /** A caller of the walk and the access kinds its token is designed to pass in namespace default. */
    private record Who(String name, String secret, Set<Access> allowed) {
        /** Reads outside any one namespace (listing namespaces) are open to every reader, each seeing its own. */
        boolean may(Route route) {
            if (route.access() == Access.READ && !route.path().text().contains("{ns}")) {
                return secret != null && !name.startsWith("worker");
            }
            return allowed.contains(route.access());
        }
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<Who> callers = new ArrayList<>();

    /** With a secret key, so that the secret routes answer as they do in production. */
    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.secured().set("secret-key", SecretRoutesTest.KEY), b -> { }, b -> { });
    }

    private void setUp() {
        admin.post("/v1/namespaces", "{\"name\": \"other\"}").expect(201);
        values.put("{ns}", "default");
        values.put("{queue}", "q");
        values.put("{name}", "s");
        values.put("{worker}", "w");
        values.put("job", admin.post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"1h\"}").expect(201).text("id"));
        admin.put(NS + "/queues/q", "{}").expect(201);
        admin.put(NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\"}}").expect(201);
        admin.put(NS + "/applysets/s", "{\"members\": [\"schedule/s\"]}").expect(201);
        admin.put(NS + "/secrets/s", "{\"stringData\": {\"k\": \"v\"}}").expect(201);
        admin.put(NS + "/alert-channels/s", BODIES.get("putAlertChannel")).expect(201);
        admin.put(NS + "/alert-rules/s", BODIES.get("putAlertRule")).expect(201);
        admin.put(NS + "/alert-silences/s", BODIES.get("putAlertSilence")).expect(201);
        values.put("alert", firingAlert());
        admin.put(NS + "/monitors/s", BODIES.get("putMonitor")).expect(201);
        admin.put(NS + "/workflows/s", BODIES.get("putWorkflow")).expect(201);
        values.put("{run}", admin.post(NS + "/workflows/s/runs", "{}").expect(201).text("id"));
        String victim = token("victim", "viewer", "default");
        values.put("token", admin.get("/v1/tokens/victim").expect(200).text("id"));
        assertThat(victim).startsWith("tock_");

        Set<Access> everything = EnumSet.allOf(Access.class);
        Set<Access> namespaceAdmin = EnumSet.of(Access.PUBLIC, Access.AUTHENTICATED, Access.READ, Access.OPERATE, Access.WRITE,
                Access.WORK);
        callers.add(new Who("no token", null, EnumSet.of(Access.PUBLIC)));
        callers.add(new Who("admin of *", adminSecret, everything));
        callers.add(new Who("admin of default", token("ns-admin", "admin", "default"), namespaceAdmin));
        callers.add(new Who("operator of default", token("ops", "operator", "default"),
                EnumSet.of(Access.PUBLIC, Access.AUTHENTICATED, Access.READ, Access.OPERATE)));
        callers.add(new Who("viewer of default", token("viewer", "viewer", "default"),
                EnumSet.of(Access.PUBLIC, Access.AUTHENTICATED, Access.READ)));
        callers.add(new Who("viewer of *", token("observer", "viewer", "*"),
                EnumSet.of(Access.PUBLIC, Access.AUTHENTICATED, Access.READ, Access.OBSERVE)));
        callers.add(new Who("worker of default", token("worker", "worker", "default"),
                EnumSet.of(Access.PUBLIC, Access.AUTHENTICATED, Access.WORK)));
        callers.add(new Who("admin of other", token("other-admin", "admin", "other"),
                EnumSet.of(Access.PUBLIC, Access.AUTHENTICATED)));
        callers.add(new Who("operator of other", token("other-ops", "operator", "other"),
                EnumSet.of(Access.PUBLIC, Access.AUTHENTICATED)));
    }

    /** The routes of the API document: method, path and the route's access kind. */
    private List<Route> documentedRoutes() {
        JsonNode doc = http.get("/openapi.json").expect(200).json();
        Map<String, Route> byKey = new LinkedHashMap<>();
        fixture.server.routes().forEach(r -> byKey.put(r.method().name().toLowerCase() + " " + r.path().text(), r));
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String key = methods.next() + " " + path.getKey();
                assertThat(byKey).as("documented route " + key).containsKey(key);
                routes.add(byKey.get(key));
            }
        }
        assertThat(routes).hasSameSizeAs(fixture.server.routes());
        return routes;
    }

    /** An alert as an evaluator records one, so that the alert routes have one to read and acknowledge. */
    private String firingAlert() {
        java.time.Instant now = fixture.store.now();
        dev.tock.alert.Alert alert = new dev.tock.alert.Alert(java.util.UUID.randomUUID(), "default", "s", "failed", "schedule/s", "walk",
                dev.tock.alert.AlertState.FIRING, "warning", "the latest run failed", now, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), 0, now);
        assertThat(fixture.store.alerts().fire(alert, List.of())).isTrue();
        return alert.id().toString();
    }

    private String path(Route route) {
        String path = route.path().text();
        String id = path.startsWith("/v1/tokens") ? values.get("token") : path.contains("/alerts/") ? values.get("alert") : values.get("job");
        path = path.replace("{id}", id);
        for (var v : values.entrySet()) {
            if (v.getKey().startsWith("{")) {
                path = path.replace(v.getKey(), v.getValue());
            }
        }
        return path;
    }

    private static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("createJob", "{\"type\": \"t\", \"delay\": \"1h\"}"),
            Map.entry("createJobs", "{\"jobs\": [{\"type\": \"t\", \"delay\": \"1h\"}]}"),
            Map.entry("putQueue", "{}"),
            Map.entry("putSchedule", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\"}}"),
            Map.entry("triggerSchedule", "{}"),
            Map.entry("backfillSchedule", "{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-01-02T00:00:00Z\"}"),
            Map.entry("createNamespace", "{\"name\": \"made-by-walk\"}"),
            Map.entry("putApplySet", "{\"members\": [\"schedule/s\"]}"),
            Map.entry("putSecret", "{\"stringData\": {\"k\": \"v\"}}"),
            Map.entry("putAlertChannel", "{\"type\": \"webhook\", \"url\": \"https://hooks.no-such-host.invalid/tock\"}"),
            Map.entry("putAlertRule", "{\"subjects\": [{\"kind\": \"schedule\", \"name\": \"s\"}], \"conditions\": [{\"type\": \"failed\"}],"
                    + " \"channels\": [\"s\"]}"),
            Map.entry("putAlertSilence", "{\"until\": \"2030-01-01T00:00:00Z\"}"),
            Map.entry("putMonitor", "{\"cron\": \"@hourly\"}"),
            Map.entry("putWorkflow", "{\"spec\": {\"steps\": [{\"name\": \"a\", \"type\": \"t\"}]}}"),
            Map.entry("startWorkflowRun", "{\"inputs\": {}}"),
            Map.entry("leaseJobs", "{\"worker\": \"w\"}"),
            Map.entry("login", "{\"token\": \"tock_not-a-token\"}"));

    private Http.Reply call(Who who, Route route, String path) {
        String body = route.operationId().equals("createToken")
                ? "{\"name\": \"walk-" + Math.abs(who.name().hashCode()) + "-" + System.nanoTime() % 100000 + "\", \"role\": \"viewer\", \"namespaces\": [\"default\"]}"
                : BODIES.get(route.operationId());
        Map<String, String> headers = who.secret() == null ? Map.of() : Map.of("Authorization", "Bearer " + who.secret());
        return http.send(route.method().name(), path, body, headers);
    }

    @Test
    void everyRouteAnswersEachCallerAsDesigned() {
        setUp();
        List<Route> routes = documentedRoutes();
        // Reads first, while every resource exists: an allowed read succeeds.
        for (Route route : routes.stream().filter(r -> r.method() == HttpMethod.GET).toList()) {
            for (Who who : callers) {
                Http.Reply reply = call(who, route, path(route));
                String what = who.name() + " " + route.method() + " " + path(route) + " (" + route.access() + "): " + reply.raw().body();
                if (who.may(route)) {
                    assertThat(reply.status()).as(what).isBetween(200, 299);
                } else {
                    expectRefusal(who, reply, what);
                }
            }
        }
        // Then changes, denied callers first so that an allowed delete cannot turn their answer into a 404.
        for (Route route : routes.stream().filter(r -> r.method() != HttpMethod.GET).toList()) {
            List<Who> ordered = new ArrayList<>(callers.stream().filter(w -> !w.may(route)).toList());
            ordered.addAll(callers.stream().filter(w -> w.may(route)).toList());
            for (Who who : ordered) {
                if (route.operationId().equals("revokeToken") && who.secret() != null && who.secret().equals(adminSecret)) {
                    continue; // checked below, where revoking cannot lock the walk out
                }
                Http.Reply reply = call(who, route, path(route));
                String what = who.name() + " " + route.method() + " " + path(route) + " (" + route.access() + "): " + reply.raw().body();
                if (who.may(route)) {
                    assertThat(reply.status()).as(what).isLessThan(500);
                    if (route.access() != Access.PUBLIC) {
                        assertThat(reply.status()).as(what).isNotIn(401, 403);
                    }
                } else {
                    expectRefusal(who, reply, what);
                }
            }
        }
        admin.post("/v1/tokens/victim/revoke", null).expect(200);
    }

    private static void expectRefusal(Who who, Http.Reply reply, String what) {
        if (who.secret() == null) {
            reply.expectProblem(401, null);
            assertThat(reply.header("WWW-Authenticate")).as(what).startsWith("Bearer");
        } else {
            assertThat(reply.status()).as(what).isEqualTo(403);
            reply.expectProblem(403, null);
        }
    }

    @Test
    void everyRouteButThePublicOnesHasAnAccessKindThatNeedsAToken() {
        for (Route route : fixture.server.routes()) {
            // Ping URLs are open to any caller but check the monitor's own ping token (MonitorRoutes): curl in a CronJob has no API token.
            boolean open = Set.of("/health", "/ready", "/openapi.json", "/ui/login").contains(route.path().text())
                    || route.path().text().matches("/v1/namespaces/\\{ns}/monitors/\\{name}/(ping|start|fail)");
            assertThat(route.access() == Access.PUBLIC).as(route.method() + " " + route.path()).isEqualTo(open);
        }
    }

    @Test
    void operatorsRunWorkButOnlyAdminsConfigure() {
        String ops = token("ops", "operator", "default");
        Http operator = http.as(ops);
        operator.post(NS + "/jobs", "{\"type\": \"t\"}").expect(201);
        operator.put(NS + "/queues/q", "{}").expectProblem(403, null);
        operator.put(NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\"}}").expectProblem(403, null);
        admin.put(NS + "/queues/q", "{}").expect(201);
        operator.post(NS + "/queues/q/pause", null).expect(200);
        operator.post(NS + "/queues/q/resume", null).expect(200);
        http.as(token("viewer", "viewer", "default")).post(NS + "/queues/q/pause", null).expectProblem(403, null);
    }

    @Test
    void workerTokensLeaseOnlyFromTheirQueuesAndDoNothingElse() {
        Http mailer = http.as(token("mailer", "worker", List.of("default"), List.of("mail")));
        String lease = "{\"worker\": \"mailer-1\"}";
        mailer.post(NS + "/queues/mail/lease", lease).expect(200);
        mailer.post(NS + "/queues/reports/lease", lease).expectProblem(403, null);
        mailer.get(NS + "/jobs").expectProblem(403, null);
        mailer.post(NS + "/jobs", "{\"type\": \"t\"}").expectProblem(403, null);
        http.as(token("ops", "operator", "default")).post(NS + "/queues/mail/lease", lease).expectProblem(403, null);
        admin.post(NS + "/queues/mail/lease", "{\"worker\": \"admin-worker\"}").expect(200);
    }

    @Test
    void aTokenOfAnotherNamespaceIsRefusedEvenForANamespaceThatDoesNotExist() {
        Http other = http.as(token("other-admin", "admin", "team-b"));
        other.get("/v1/namespaces/missing/jobs").expectProblem(403, null);
        admin.get("/v1/namespaces/missing/jobs").expectProblem(404, null);
    }

    @Test
    void namespaceListingsShowOnlyTheTokensNamespaces() {
        admin.post("/v1/namespaces", "{\"name\": \"team-a\"}").expect(201);
        admin.post("/v1/namespaces", "{\"name\": \"team-b\"}").expect(201);
        JsonNode seen = http.as(token("a-viewer", "viewer", "team-a")).get("/v1/namespaces").expect(200).json();
        assertThat(seen.get("namespaces").toString()).contains("team-a").doesNotContain("team-b").doesNotContain("default");
        assertThat(admin.get("/v1/namespaces").expect(200).json().get("namespaces")).hasSize(3);
        http.as(token("a-worker", "worker", "team-a")).get("/v1/namespaces").expectProblem(403, null);
    }

    @Test
    void badCredentialsAre401WithTheBearerChallenge() {
        for (Map<String, String> headers : List.of(Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), Map.of("Authorization", "Bearer"),
                Map.of("Authorization", "Bearer tock_unknown"), Map.of("Cookie", "tock_session=nope"))) {
            var reply = http.send("GET", NS + "/jobs", null, headers).expectProblem(401, null);
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer realm=\"tock\"").contains("invalid_token");
        }
    }
}

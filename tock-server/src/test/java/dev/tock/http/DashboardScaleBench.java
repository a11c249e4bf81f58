package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.JobTemplate;
import dev.tock.model.NodeInfo;
import dev.tock.model.Queue;
import dev.tock.schedule.Schedule;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times every API call the dashboard's pages make against a PostgreSQL store holding 1,000,000 jobs.
 * A benchmark, not a test: it runs only when asked and prints its figures.
 *
 * <pre>
 * mvn -pl tock-server -am test -Dtest=DashboardScaleBench -Dsurefire.failIfNoSpecifiedTests=false -Dtock.bench.dashboard=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "tock.bench.dashboard", matches = "true")
class DashboardScaleBench {
    private static final int WARMUP = 5;
    private static final int TIMED = 30;

    @Test
    void everyDashboardCallAnswersQuicklyWithAMillionJobs() throws Exception {
        String schema = "tock_dash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (JdbcStore store = JdbcStore.open(new StoreOptions(ServerFixture.POSTGRES_URL, 8, schema))) {
            Instant started = Instant.now();
            sql(schema, resource("dashboard-prefill.sql"));
            Tock tock = Tock.builder().store(store).config(TockConfig.builder().nodeId("bench-node").build()).acceptAnyType().build();
            seedSchedulesQueuesAndNodes(tock, store, schema);
            for (String table : List.of("tock_jobs", "tock_attempts", "tock_schedule_fires")) {
                sql(schema, "VACUUM ANALYZE " + table);
            }
            System.out.printf("prefilled 1,000,000 jobs in %d s%n", Duration.between(started, Instant.now()).toSeconds());
            try (TockServer server = TockServer.builder(tock).host("127.0.0.1").port(0).build().start()) {
                report(measure(new Http(server.port()), calls(new Http(server.port()))));
            }
        } finally {
            sql(null, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void seedSchedulesQueuesAndNodes(Tock tock, JdbcStore store, String schema) {
        List<String> zones = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo");
        for (int i = 0; i < 200; i++) {
            String spec = List.of("*/5 * * * *", "0 2 * * *", "30 * * * *", "0 9 * * MON-FRI").get(i % 4);
            tock.schedules().save(Schedule.of("default", "schedule-" + i, spec, JobTemplate.of("report.build"))
                    .withTimeZone(ZoneId.of(zones.get(i % zones.size()))));
        }
        // A year of nightly fire records for one schedule.
        sql(schema, "INSERT INTO tock_schedule_fires (namespace, schedule, nominal_time, outcome, manual, job_id, node, recorded_at)"
                + " SELECT 'default', 'schedule-1', date_trunc('day', now()) - d * interval '1 day' + interval '2 hours',"
                + " (ARRAY['fired','fired','fired','skipped','missed','coalesced'])[1 + d % 6], false, NULL, 'node-1', now()"
                + " FROM generate_series(1, 365) d");
        tock.queues().save(Queue.of("default", "mail").withMaxRunning(8));
        tock.queues().save(Queue.of("default", "media").withPaused(true));
        for (int i = 1; i <= 3; i++) {
            store.cluster().heartbeat(new NodeInfo("node-" + i, Set.of(dev.tock.model.NodeRole.WORKER), "0.1.0", Instant.now()));
        }
    }

    /** The calls each page makes, as the dashboard makes them, by page. */
    private static Map<String, String> calls(Http http) {
        String ns = "/v1/namespaces/default";
        String deadJob = http.get(ns + "/jobs?state=dead&limit=1").expect(200).json().get("jobs").get(0).get("id").asText();
        String cursor = deepCursor(http, ns);
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("Overview: throughput, last hour by minute", ns + "/throughput?window=1h&bucket=1m");
        calls.put("Overview, Queues: queues", ns + "/queues");
        calls.put("Overview: running jobs", ns + "/jobs?state=running&limit=10");
        calls.put("Overview: next fires (200 schedules)", ns + "/next-fires?limit=8");
        calls.put("Overview: recent failures", ns + "/failures?limit=10");
        calls.put("Jobs: first page", ns + "/jobs?limit=25");
        calls.put("Jobs: page 400 (cursor)", ns + "/jobs?limit=25&cursor=" + cursor);
        calls.put("Jobs: state=dead", ns + "/jobs?state=dead&limit=25");
        calls.put("Jobs: state=scheduled", ns + "/jobs?state=scheduled&limit=25");
        calls.put("Jobs: queue=mail", ns + "/jobs?queue=mail&limit=25");
        calls.put("Jobs: type=cleanup, label team=core", ns + "/jobs?type=cleanup&label=team%3Dcore&limit=25");
        calls.put("Jobs: created in the last day", ns + "/jobs?createdFrom=" + Instant.now().minus(Duration.ofDays(1)) + "&limit=25");
        calls.put("Jobs: type=audit.rare (100 of 1M)", ns + "/jobs?type=audit.rare&limit=25");
        calls.put("Jobs: idempotency key", ns + "/jobs?idempotencyKey=key-300000&limit=25");
        calls.put("Job: the job", ns + "/jobs/" + deadJob);
        calls.put("Job: attempts", ns + "/jobs/" + deadJob + "/attempts");
        calls.put("Schedules: list (200)", ns + "/schedules");
        calls.put("Schedule: the schedule", ns + "/schedules/schedule-1");
        calls.put("Schedule: next 5 fires", ns + "/schedules/schedule-1/preview?count=5");
        calls.put("Schedule: latest 20 runs", ns + "/schedules/schedule-1/runs?limit=20");
        calls.put("Cluster: nodes", "/v1/cluster");
        return calls;
    }

    private static String deepCursor(Http http, String ns) {
        String cursor = null;
        for (int page = 0; page < 400; page++) {
            var json = http.get(ns + "/jobs?limit=25" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200).json();
            cursor = json.get("nextCursor").asText();
        }
        return cursor;
    }

    /** Milliseconds per call: median, 95th percentile and max of {@value #TIMED} calls after {@value #WARMUP}. */
    private static Map<String, double[]> measure(Http http, Map<String, String> calls) {
        Map<String, double[]> results = new LinkedHashMap<>();
        calls.forEach((name, path) -> {
            for (int i = 0; i < WARMUP; i++) {
                http.get(path).expect(200);
            }
            double[] ms = new double[TIMED];
            for (int i = 0; i < TIMED; i++) {
                long t0 = System.nanoTime();
                http.get(path).expect(200);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            results.put(name, new double[] {ms[TIMED / 2], ms[(int) Math.ceil(TIMED * 0.95) - 1], ms[TIMED - 1]});
        });
        return results;
    }

    private static void report(Map<String, double[]> results) {
        StringBuilder table = new StringBuilder("| call | median ms | p95 ms | max ms |\n|---|---|---|---|\n");
        results.forEach((name, t) -> table.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, t[0], t[1], t[2])));
        System.out.println(table);
        assertThat(results).isNotEmpty();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardScaleBench.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void sql(String schema, String statements) {
        try (Connection c = DriverManager.getConnection(ServerFixture.POSTGRES_URL); Statement s = c.createStatement()) {
            if (schema != null) {
                s.execute("SET search_path TO " + schema);
            }
            s.execute(statements);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}

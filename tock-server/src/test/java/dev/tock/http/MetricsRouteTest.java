package dev.tock.http;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsRouteTest {

    @Test
    void exportsEngineMetersQueueDepthAndTheJvmInPrometheusText() {
        ServerMetrics metrics = new ServerMetrics();
        try (ServerFixture f = ServerFixture.h2(ServerFixture.config(), b -> b.meterRegistry(metrics.registry())
                .handler("ok", ctx -> { }), b -> b.metrics(metrics))) {
            f.tock.start();
            f.http.post("/v1/namespaces/default/jobs", "{\"type\": \"ok\"}").expect(201);
            f.http.post("/v1/namespaces/default/jobs", "{\"type\": \"elsewhere\", \"queue\": \"mail\"}").expect(201);
            await(Duration.ofSeconds(10), "the ok job to complete",
                    () -> metrics.registry().find("tock.jobs.completed").counters().size(), n -> n > 0);

            var reply = f.http.get("/metrics").expect(200);
            String text = reply.raw().body();

            assertThat(reply.header("Content-Type")).startsWith("text/plain");
            assertThat(text).contains("tock_jobs_enqueued_total{queue=\"default\",tock_namespace=\"default\"} 1.0")
                    .contains("tock_jobs_completed_total{outcome=\"succeeded\",state=\"succeeded\"} 1.0")
                    .contains("tock_job_start_lateness_seconds_bucket")
                    .contains("tock_job_duration_seconds_count 1")
                    .contains("tock_leases_acquired_total 1.0")
                    .contains("tock_queue_depth{queue=\"mail\",state=\"ready\",tock_namespace=\"default\"} 1.0")
                    .contains("jvm_memory_used_bytes");
        }
    }

    /** Jobs a node holds beyond its one worker are counted leased, apart from the one running, in /metrics and the queue view. */
    @Test
    void queueDepthTellsLeasedJobsFromRunningOnes() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        try (ServerFixture f = ServerFixture.h2(ServerFixture.config().workerThreads(1), b -> b.meterRegistry(metrics.registry())
                .handler("slow", ctx -> finish.await()), b -> b.metrics(metrics))) {
            f.tock.start();
            for (int i = 0; i < 5; i++) {
                f.http.post("/v1/namespaces/default/jobs", "{\"type\": \"slow\", \"queue\": \"mail\"}").expect(201);
            }
            var jobs = await(Duration.ofSeconds(10), "one job running and four held", () -> f.http.get("/v1/namespaces/default/queues/mail")
                    .expect(200).json().get("jobs"), j -> j.get("running").asInt() == 1 && j.get("leased").asInt() == 4);
            assertThat(jobs.get("ready").asInt()).isZero();

            String text = f.http.get("/metrics").expect(200).raw().body();

            assertThat(text).contains("tock_queue_depth{queue=\"mail\",state=\"leased\",tock_namespace=\"default\"} 4.0")
                    .contains("tock_queue_depth{queue=\"mail\",state=\"running\",tock_namespace=\"default\"} 1.0");
            assertThat(f.http.get("/v1/namespaces/default/jobs?state=leased").expect(200).json().get("jobs")).hasSize(4);
            finish.countDown();
        }
    }

    /** Schedules are exported in the shape of kube-state-metrics' CronJob series, and a time a schedule lacks is left out. */
    @Test
    void schedulesAreExportedLikeKubeStateMetricsCronJobSeries() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        try (ServerFixture f = ServerFixture.h2(ServerFixture.config(), b -> b.meterRegistry(metrics.registry())
                .handler("ok", ctx -> { }).handler("slow", ctx -> finish.await()), b -> b.metrics(metrics))) {
            f.tock.start();
            String ns = "/v1/namespaces/default/schedules/";
            f.http.put(ns + "hourly", "{\"schedule\": \"15 * * * *\", \"jobTemplate\": {\"type\": \"ok\"}}").expect(201);
            f.http.put(ns + "busy", "{\"schedule\": \"30 * * * *\", \"jobTemplate\": {\"type\": \"slow\"}}").expect(201);
            f.http.put(ns + "paused", "{\"schedule\": \"* * * * *\", \"suspend\": true, \"jobTemplate\": {\"type\": \"ok\"}}").expect(201);
            f.http.post(ns + "hourly/trigger", null).expect(200);
            f.http.post(ns + "busy/trigger", null).expect(200);
            await(Duration.ofSeconds(10), "hourly's run to succeed and busy's to run", () -> f.http.get("/v1/namespaces/default/jobs").expect(200)
                    .json().get("jobs"), jobs -> states(jobs).contains("succeeded") && states(jobs).contains("running"));

            String text = f.http.get("/metrics").expect(200).raw().body();
            finish.countDown();

            assertThat(text).contains("tock_schedule_suspended{schedule=\"paused\",tock_namespace=\"default\"} 1.0")
                    .contains("tock_schedule_suspended{schedule=\"hourly\",tock_namespace=\"default\"} 0.0")
                    .contains("tock_schedule_active_runs{schedule=\"busy\",tock_namespace=\"default\"} 1.0")
                    .contains("tock_schedule_active_runs{schedule=\"hourly\",tock_namespace=\"default\"} 0.0")
                    .containsPattern("tock_schedule_next_fire_time_seconds\\{schedule=\"hourly\",tock_namespace=\"default\"} \\d\\.\\d+E9")
                    .containsPattern("tock_schedule_last_fire_time_seconds\\{schedule=\"busy\",tock_namespace=\"default\"} \\d\\.\\d+E9")
                    .containsPattern("tock_schedule_last_success_time_seconds\\{schedule=\"hourly\",tock_namespace=\"default\"} \\d\\.\\d+E9")
                    .doesNotContain("tock_schedule_next_fire_time_seconds{schedule=\"paused\"")
                    .doesNotContain("tock_schedule_last_success_time_seconds{schedule=\"busy\"");
        }
    }

    /** Workflow runs: started and finished counters, the hand-off histogram, and the runs running per workflow (0 for none). */
    @Test
    void workflowRunsAreCountedAndTheRunningOnesShownPerWorkflow() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        try (ServerFixture f = ServerFixture.h2(ServerFixture.config(), b -> b.meterRegistry(metrics.registry())
                .handler("ok", ctx -> { }).handler("slow", ctx -> finish.await()), b -> b.metrics(metrics))) {
            f.tock.start();
            String ns = "/v1/namespaces/default/workflows/";
            f.http.put(ns + "quick", "{\"spec\": {\"steps\": [{\"name\": \"a\", \"type\": \"ok\"}, {\"name\": \"b\", \"type\": \"ok\","
                    + " \"needs\": [\"a\"]}]}}").expect(201);
            f.http.put(ns + "held", "{\"spec\": {\"steps\": [{\"name\": \"a\", \"type\": \"slow\"}]}}").expect(201);
            f.http.put(ns + "idle", "{\"spec\": {\"steps\": [{\"name\": \"a\", \"type\": \"ok\"}]}}").expect(201);
            String quick = f.http.post(ns + "quick/runs", "{}").expect(201).json().get("id").asText();
            f.http.post(ns + "held/runs", "{}").expect(201);
            await(Duration.ofSeconds(10), "the quick run to succeed", () -> f.http.get("/v1/namespaces/default/workflow-runs/" + quick)
                    .expect(200).json().get("state").asText(), "succeeded"::equals);

            String text = f.http.get("/metrics").expect(200).raw().body();
            finish.countDown();

            assertThat(text).contains("tock_workflow_runs_started_total{tock_namespace=\"default\",workflow=\"quick\"} 1.0")
                    .contains("tock_workflow_runs_started_total{tock_namespace=\"default\",workflow=\"held\"} 1.0")
                    .contains("tock_workflow_runs_finished_total{outcome=\"succeeded\",tock_namespace=\"default\",workflow=\"quick\"} 1.0")
                    .contains("tock_workflow_step_handoff_seconds_count 1")
                    .contains("tock_workflow_step_handoff_seconds_bucket")
                    .contains("tock_workflow_runs_active{tock_namespace=\"default\",workflow=\"held\"} 1.0")
                    .contains("tock_workflow_runs_active{tock_namespace=\"default\",workflow=\"idle\"} 0.0")
                    .contains("tock_workflow_runs_active{tock_namespace=\"default\",workflow=\"quick\"} 0.0");
        }
    }

    private static java.util.List<String> states(com.fasterxml.jackson.databind.JsonNode jobs) {
        java.util.List<String> states = new java.util.ArrayList<>();
        jobs.forEach(j -> states.add(j.get("state").asText()));
        return states;
    }
}

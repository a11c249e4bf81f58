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
}

package dev.tock.bench.tock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tock bench}'s measurements on the embedded store, with small counts: what they print, never how fast. */
class TockBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StringWriter out = new StringWriter();

    @Test
    void measuresTheEmbeddedStoreAndEndsWithOneJsonLinePerThreadCount() throws Exception {
        run("--jobs", "300", "--threads", "2,4", "--delayed", "10", "--enqueue-jobs", "100", "--http-jobs", "200");

        List<String> lines = out.toString().lines().filter(l -> l.startsWith("{") && l.contains("\"threads\"")).toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("store").asText()).isEqualTo("h2");
        assertThat(first.get("completion_commit").asText()).as("the embedded store's only mode").isEqualTo("durable");
        assertThat(first.get("threads").asInt()).isEqualTo(2);
        assertThat(first.get("jobs").asInt()).isEqualTo(300);
        for (String field : List.of("enqueue_per_s", "enqueue_batch_per_s", "exec_per_s")) {
            assertThat(first.get(field).asDouble()).as(field).isPositive();
        }
        for (String field : List.of("lateness_p50_ms", "lateness_p99_ms", "lateness_max_ms")) {
            assertThat(first.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(first.get("lateness_p99_ms").asDouble()).isLessThanOrEqualTo(first.get("lateness_max_ms").asDouble());
        JsonNode http = JSON.readTree(jsonLineWith("\"http_clients\""));
        assertThat(http.get("http_clients").asInt()).isEqualTo(16);
        assertThat(http.get("http_single_requests_per_s").asDouble()).isPositive();
        assertThat(http.get("http_batch_jobs_per_s").asDouble()).isPositive();
    }

    @Test
    void measuresEachCompletionCommitModeAskedFor() throws Exception {
        run("--jobs", "100", "--threads", "2", "--delayed", "5", "--enqueue-jobs", "50", "--http-jobs", "0",
                "--completion-commit", "fast,durable");

        List<JsonNode> rows = new java.util.ArrayList<>();
        for (String line : out.toString().lines().filter(l -> l.startsWith("{") && l.contains("\"threads\"")).toList()) {
            rows.add(JSON.readTree(line));
        }
        assertThat(rows).extracting(r -> r.get("completion_commit").asText()).containsExactly("durable", "fast");
        assertThat(rows).allMatch(r -> r.get("exec_per_s").asDouble() > 0);
        assertThat(out.toString()).startsWith("tock bench on h2 store, completion commits durable and fast")
                .contains("durable: execute 100 no-op jobs", "fast: execute 100 no-op jobs");
    }

    @Test
    void aSettingOfTheMeasuredNodesIsAppliedAndAnUnknownOneRefusedBeforeMeasuring() {
        run("--jobs", "200", "--threads", "2", "--delayed", "5", "--enqueue-jobs", "50", "--http-jobs", "0", "--set", "lease-batch-size=7");
        assertThat(out.toString()).contains("execute 200 no-op jobs with 2 worker threads");

        StringWriter badOut = new StringWriter();
        assertThatThrownBy(() -> bench(badOut, "--jobs", "200", "--threads", "2", "--http-jobs", "0", "--set", "lease-batch-size=0").run())
                .isInstanceOf(ConfigException.class).hasMessageContaining("lease-batch-size");
        assertThat(badOut.toString()).doesNotContain("enqueue, one job per call");
    }

    @Test
    void measuresSchedulesWhenAsked() throws Exception {
        run("--jobs", "100", "--threads", "2", "--delayed", "5", "--enqueue-jobs", "50", "--http-jobs", "0",
                "--schedules", "2", "--schedule-seconds", "3");

        JsonNode json = JSON.readTree(jsonLineWith("\"schedules\""));
        assertThat(json.get("schedules").asInt()).isEqualTo(2);
        assertThat(json.get("fires").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(json.get("duplicates").asLong()).isZero();
    }

    @Test
    void measuresWebhooksAndExternalWorkersWhenAsked() throws Exception {
        run("--jobs", "50", "--threads", "2", "--delayed", "5", "--enqueue-jobs", "50", "--http-jobs", "0",
                "--webhook-jobs", "200", "--worker-jobs", "400", "--worker-latency", "5");

        JsonNode json = JSON.readTree(jsonLineWith("\"webhook_jobs\""));
        assertThat(json.get("webhook_jobs").asInt()).isEqualTo(200);
        assertThat(json.get("webhook_jobs_per_s").asDouble()).isPositive();
        assertThat(json.get("workers").asInt()).isEqualTo(4);
        assertThat(json.get("worker_jobs_per_s").asDouble()).isPositive();
        assertThat(json.get("worker_start_p99_ms").asDouble()).isLessThanOrEqualTo(json.get("worker_start_max_ms").asDouble());
    }

    @Test
    void optionsThatCannotBeMeasuredAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> bench(out, "--jobs", "0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jobs");
        assertThatThrownBy(() -> bench(out, "--schedules-only")).hasMessageContaining("--schedules N");
        assertThatThrownBy(() -> bench(out, "--threads", "0")).hasMessageContaining("--threads");
        assertThatThrownBy(() -> bench(out, "--completion-commit", "async")).hasMessageContaining("--completion-commit");
        assertThatThrownBy(() -> bench(out, "--set", "completion-commit=fast")).hasMessageContaining("--completion-commit");
        assertThatThrownBy(() -> bench(out, "--db", "jdbc:mysql://127.0.0.1/x").run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PostgreSQL");
        assertThat(out.toString()).isEmpty();
    }

    private void run(String... args) {
        bench(out, args).run();
    }

    private static TockBench bench(StringWriter text, String... args) {
        return new TockBench(CommandLine.populateCommand(new BenchOptions(), args), new PrintWriter(text, true));
    }

    private String jsonLineWith(String field) {
        return out.toString().lines().filter(l -> l.startsWith("{") && l.contains(field)).findFirst().orElseThrow();
    }
}

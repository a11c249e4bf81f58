package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    private record Run(int exit, String out, String err) { }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = TockCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void measuresTheEmbeddedStoreAndEndsWithOneJsonLinePerThreadCount() throws Exception {
        Run run = run("bench", "--jobs", "300", "--threads", "2,4", "--delayed", "10", "--enqueue-jobs", "100", "--http-jobs", "200");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().filter(l -> l.startsWith("{") && l.contains("\"threads\"")).toList();
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("store").asText()).isEqualTo("h2");
        assertThat(first.get("threads").asInt()).isEqualTo(2);
        assertThat(first.get("jobs").asInt()).isEqualTo(300);
        for (String field : List.of("enqueue_per_s", "enqueue_batch_per_s", "exec_per_s")) {
            assertThat(first.get(field).asDouble()).as(field).isPositive();
        }
        for (String field : List.of("lateness_p50_ms", "lateness_p99_ms", "lateness_max_ms")) {
            assertThat(first.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(first.get("lateness_p99_ms").asDouble()).isLessThanOrEqualTo(first.get("lateness_max_ms").asDouble());
        JsonNode http = new ObjectMapper().readTree(run.out().lines().filter(l -> l.contains("\"http_clients\"")).findFirst().orElseThrow());
        assertThat(http.get("http_clients").asInt()).isEqualTo(16);
        assertThat(http.get("http_single_requests_per_s").asDouble()).isPositive();
        assertThat(http.get("http_batch_jobs_per_s").asDouble()).isPositive();
    }

    @Test
    void aSettingOfTheMeasuredNodesIsAppliedAndAnUnknownOneRefusedBeforeMeasuring() {
        Run small = run("bench", "--jobs", "200", "--threads", "2", "--delayed", "5", "--enqueue-jobs", "50", "--http-jobs", "0",
                "--set", "lease-batch-size=7");
        assertThat(small.exit()).as(small.err()).isZero();
        assertThat(small.out()).contains("execute 200 no-op jobs with 2 worker threads");

        Run bad = run("bench", "--jobs", "200", "--threads", "2", "--http-jobs", "0", "--set", "lease-batch-size=0");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("lease-batch-size");
        assertThat(bad.out()).doesNotContain("enqueue, one job per call");
    }

    @Test
    void measuresSchedulesWhenAsked() throws Exception {
        Run run = run("bench", "--jobs", "100", "--threads", "2", "--delayed", "5", "--enqueue-jobs", "50", "--http-jobs", "0",
                "--schedules", "2", "--schedule-seconds", "3");

        assertThat(run.exit()).as(run.err()).isZero();
        String line = run.out().lines().filter(l -> l.contains("\"schedules\"")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("schedules").asInt()).isEqualTo(2);
        assertThat(json.get("fires").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(json.get("duplicates").asLong()).isZero();
    }

    @Test
    void measuresWebhooksAndExternalWorkersWhenAsked() throws Exception {
        Run run = run("bench", "--jobs", "50", "--threads", "2", "--delayed", "5", "--enqueue-jobs", "50", "--http-jobs", "0",
                "--webhook-jobs", "200", "--worker-jobs", "400", "--worker-latency", "5");

        assertThat(run.exit()).as(run.err()).isZero();
        String line = run.out().lines().filter(l -> l.contains("\"webhook_jobs\"")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("webhook_jobs").asInt()).isEqualTo(200);
        assertThat(json.get("webhook_jobs_per_s").asDouble()).isPositive();
        assertThat(json.get("workers").asInt()).isEqualTo(4);
        assertThat(json.get("worker_jobs_per_s").asDouble()).isPositive();
        assertThat(json.get("worker_start_p99_ms").asDouble()).isLessThanOrEqualTo(json.get("worker_start_max_ms").asDouble());
    }

    @Test
    void badOptionsExitNonZeroWithAClearMessage() {
        Run zero = run("bench", "--jobs", "0");
        assertThat(zero.exit()).isEqualTo(ErrorReporter.USER_ERROR);
        assertThat(zero.err()).contains("--jobs");

        Run notANumber = run("bench", "--threads", "many");
        assertThat(notANumber.exit()).isNotZero();
        assertThat(notANumber.err()).contains("--threads");

        Run mysql = run("bench", "--db", "jdbc:mysql://127.0.0.1/x");
        assertThat(mysql.exit()).isEqualTo(ErrorReporter.USER_ERROR);
        assertThat(mysql.err()).contains("PostgreSQL");
    }
}

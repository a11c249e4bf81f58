package dev.tock.bench;

import dev.tock.bench.tock.HttpEnqueueClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resident memory of {@code tock server} (a child JVM of the tock command-line tool, with the JVM options
 * {@code ./tock server} starts it with) while REST clients enqueue jobs: 16 clients sending single-job requests,
 * then 4 sending batches of 1,000. Sampled from {@code /proc/PID/status} (VmRSS) every 50 ms.
 */
final class ServerRss {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    /** What was measured: peak and idle RSS in MiB, and the enqueue rates the load reached. */
    record Result(List<String> javaOptions, double idleMiB, double peakMiB, double singleRequestsPerSecond, double batchJobsPerSecond) {
    }

    private ServerRss() {
    }

    /**
     * Runs {@code tock} from {@code cli} with the options {@code ./tock server} gives it, then
     * {@code extraJavaOptions} (e.g. {@code -Xmx128m}), so that they win.
     */
    static Result measure(TockCli cli, String url, int singleRequests, List<String> extraJavaOptions) {
        List<String> javaOptions = new ArrayList<>(cli.serverDefaults());
        javaOptions.addAll(extraJavaOptions);
        if (singleRequests < 1) {
            throw new IllegalArgumentException("singleRequests must be positive");
        }
        try (Schema schema = Schema.create(url, "rss", 1)) {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = cli.command(java, javaOptions, List.of("server", "--db", url, "--port", "0",
                    "--set", "db-schema=" + schema.name(), "--set", "rate-limit=0"));
            // The server authenticates as it would in production (the bench brings the admin token), without
            // the per-token rate limit, which would answer this load with 429s.
            String token = "tock_bench_" + UUID.randomUUID().toString().replace("-", "");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("TOCK_ADMIN_TOKEN", token);
            Process server = builder.start();
            try {
                int port = awaitPort(server);
                Waits.sleep(Duration.ofSeconds(1));
                double idle = rssMiB(server.pid());
                AtomicLong peakKiB = new AtomicLong();
                Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peakKiB.accumulateAndGet((long) (rssMiB(server.pid()) * 1024), Math::max);
                        try {
                            TimeUnit.MILLISECONDS.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                HttpEnqueueClient client = new HttpEnqueueClient(port, "bench.noop", token);
                double single = client.singleRequests(singleRequests, 16);
                double batch = client.batches(5 * singleRequests, 1_000, 4);
                sampler.interrupt();
                return new Result(javaOptions, idle, Math.max(peakKiB.get() / 1024.0, rssMiB(server.pid())), single, batch);
            } finally {
                server.destroy();
                try {
                    if (!server.waitFor(60, TimeUnit.SECONDS)) {
                        server.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (IOException e) {
            throw new BenchException("could not start tock server: " + e.getMessage(), e);
        }
    }

    private static int awaitPort(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> drain(out));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new BenchException("tock server exited before it listened (exit " + server.exitValue() + ")");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the server's later lines are not needed
            }
        } catch (IOException e) {
            // the server has gone
        }
    }

    private static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }
}

package dev.tock.examples.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Tock node as a user runs it: {@code java -jar tock.jar server} (the shaded jar of {@code tock.jar}) in a
 * child JVM, on a PostgreSQL schema of its own, listening on a free port of 127.0.0.1, with the command
 * executor on (the examples' workers are commands) and 127.0.0.1 allowed as an HTTP and alert destination
 * (the tests' receivers). Its working directory is the folder the example was copied into, so that the
 * examples' relative command paths ({@code examples/weather/bin/collector.py}) resolve as they do for a user
 * who runs {@code ./tock server} from the checkout. Output is collected line by line for failure messages.
 */
public final class TockNode implements AutoCloseable {
    /** The admin token's secret every node of a test gets ({@code TOCK_ADMIN_TOKEN}). */
    public static final String ADMIN_TOKEN = "examples-test-admin-token-0123456789";
    /** The key sealing Secrets, as base64 of 32 bytes ({@code TOCK_SECRET_KEY}). */
    public static final String SECRET_KEY = java.util.Base64.getEncoder().encodeToString(
            "examples-test-secret-key-32bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^:]+:(\\d+)");

    private final String nodeId;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final int port;

    private TockNode(String nodeId, Process process) {
        this.nodeId = nodeId;
        this.process = process;
        Thread.ofPlatform().daemon(true).name("tock-node-" + nodeId).start(this::readOutput);
        this.port = awaitPort();
    }

    /**
     * Starts a node named {@code nodeId} in {@code workDir} on {@code schema}; {@code settings} are passed as
     * {@code --set KEY=VALUE} after the defaults (short poll and reaper intervals, which tests may override).
     * Returns once it listens (at most 90 s).
     */
    public static TockNode start(String nodeId, Path workDir, PostgresSchema schema, Map<String, String> settings) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("node-id", nodeId);
        all.put("db-schema", schema.name());
        all.put("command-executor-enabled", "true");
        all.put("http-egress-allow", "public,127.0.0.1/32");
        all.put("poll-interval", "200ms");
        all.put("reaper-interval", "1s");
        all.putAll(settings);
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-jar", Jar.path().toString(),
                "server", "--port", "0", "--db", PostgresSchema.URL));
        all.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TOCK_"));
        builder.environment().put("TOCK_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("TOCK_SECRET_KEY", SECRET_KEY);
        return new TockNode(nodeId, builder.start());
    }

    static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private void readOutput() {
        try (BufferedReader in = process.inputReader()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading output failed: " + e + ")");
        }
    }

    private int awaitPort() {
        return Bounded.awaitValue(Duration.ofSeconds(90), "node " + nodeId + " to listen", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("node " + nodeId + " exited with " + process.exitValue() + output());
            }
            return lines.stream().map(LISTENING::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1))).findFirst();
        }, this::output);
    }

    /** The node's base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String nodeId() {
        return nodeId;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the JVM ends at once, its leases and open work left as a crash leaves them. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + nodeId + " survived SIGKILL" + output());
        }
    }

    public String output() {
        return "\n--- output of node " + nodeId + " ---\n" + String.join("\n", lines) + "\n---";
    }

    /** The node's output lines that match, e.g. to find an error it logged. */
    public List<String> linesMatching(Pattern pattern) {
        return lines.stream().filter(l -> pattern.matcher(l).find()).toList();
    }

    /** SIGTERM, then SIGKILL if it has not exited within 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Where {@code tock.jar} is (system property {@code tock.jar}, set by the module's POM). */
    static final class Jar {
        private Jar() {
        }

        static Path path() {
            Path jar = Path.of(Optional.ofNullable(System.getProperty("tock.jar"))
                    .orElseThrow(() -> new AssertionError("system property tock.jar is not set (the POM sets it)")));
            if (!jar.toFile().isFile()) {
                throw new AssertionError(jar + " does not exist: build it with ./build -q package -pl tock-cli -am -DskipTests");
            }
            return jar;
        }
    }
}

package dev.tock.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client of one Tock node, as a user has it: the {@code tock} command line ({@code java -jar tock.jar ...}
 * in a child JVM, run from the folder the example was copied into, with {@code TOCK_SERVER} and
 * {@code TOCK_TOKEN} set) and plain HTTP to the REST API for the checks.
 */
public final class TockClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String server;
    private final Path workDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TockClient(String server, Path workDir) {
        this.server = server;
        this.workDir = workDir;
    }

    /** What one command line printed and returned. */
    public record Run(List<String> args, int exit, String out, String err) {
        @Override
        public String toString() {
            return "tock " + String.join(" ", args) + ": exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Runs {@code tock ARGS} against the node (at most 60 s). */
    public Run cli(String... args) {
        List<String> command = new ArrayList<>(List.of(TockNode.java(), "-Xmx128m", "-jar", TockNode.Jar.path().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TOCK_"));
        builder.environment().put("TOCK_SERVER", server);
        builder.environment().put("TOCK_TOKEN", TockNode.ADMIN_TOKEN);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tock " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Run(List.of(args), process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs {@code tock ARGS} and fails the test unless it exits 0. */
    public Run cliOk(String... args) {
        Run run = cli(args);
        if (run.exit() != 0) {
            throw new AssertionError(run.toString());
        }
        return run;
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(reading failed: " + e + ")";
        }
    }

    /** {@code GET PATH} of the REST API (e.g. {@code /v1/namespaces/weather/schedules/collector/runs}); fails unless 200. */
    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** {@code POST PATH} with a JSON body; fails unless 2xx. */
    public JsonNode post(String path, String json) {
        return send("POST", path, json);
    }

    private JsonNode send(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + TockNode.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String server() {
        return server;
    }
}

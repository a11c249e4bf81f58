package dev.tock.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.cli.TockCommand;
import dev.tock.handler.HandlerProvider;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs production's pods as processes, in rollout order, from the shaded jar: the migration Job, then an
 * API pod and a worker pod, each with its image entrypoint, args, environment (image ENV, ConfigMap,
 * env entries), working directory and user, on a read-only filesystem apart from its data volume and
 * /tmp, against a fresh PostgreSQL schema. Checks that the Job exits 0, that the pods turn ready within
 * their startup probe's budget, that the image's healthcheck script sees it, that a worker's /metrics has
 * the queue depth that KEDA scales on, and that on SIGTERM a worker
 * lets its running job finish and every pod exits 0 before its terminationGracePeriodSeconds runs out.
 *
 * <p>What differs from a cluster, and why: the Secret's values (a test database and token), the pod name
 * (downward API), TOCK_PORT=0 (8080 may be taken on this machine), {@code -XX:MaxRAM} set to the
 * container's memory limit (the JVM would read it from the cgroup), and the worker runs with a folder beside
 * the jar on its class path whose {@link SleepHandlerProvider} adds a {@code test.sleep} job type, so that it
 * has a job to drain.
 */
class PodStartTest {
    private static final String POSTGRES_URL = System.getenv().getOrDefault("TOCK_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/tock_test?user=postgres");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Dockerfile image = Dockerfile.read(Repo.file("Dockerfile"));
    private final String schema = "tock_pod_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String adminToken = UUID.randomUUID().toString();
    private final List<PodProcess> pods = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopPodsAndDropTheSchema() throws Exception {
        for (PodProcess pod : pods) {
            pod.close();
        }
        try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void theMigrationJobThenTheApiAndWorkerPodsRunAsDeclaredAndDrainWithinTheirGracePeriod() throws Exception {
        Path jar = Repo.shadedJar();
        createSchema();
        Manifests production = Overlays.manifests("production");

        Job migration = production.named(Job.class, "tock-migrate").orElseThrow();
        PodProcess migrate = start("tock-migrate", migration.getSpec().getTemplate().getSpec(), production, jar, false);
        assertThat(migrate.awaitExit(Duration.ofSeconds(migration.getSpec().getActiveDeadlineSeconds()))).as(migrate.output()).isZero();
        assertThat(migrate.lines()).as(migrate.output()).anyMatch(l -> l.startsWith("tock migrate: schema is current on the postgresql store"));

        PodSpec apiSpec = pod(production, "tock-api");
        PodProcess api = start("tock-api", apiSpec, production, jar, false);
        String apiBase = awaitReady(api, apiSpec);
        assertThat(healthcheck(api, apiBase, "/ready")).as("the image's HEALTHCHECK and compose's healthcheck").isZero();
        assertThat(healthcheck(api, apiBase, "/health")).isZero();
        assertThat(healthcheck(api, apiBase, "/no-such-path")).as("anything but 200 is unhealthy").isEqualTo(1);

        PodSpec workerSpec = pod(production, "tock-worker");
        PodProcess worker = start("tock-worker", workerSpec, production, jar, true);
        String workerBase = awaitReady(worker, workerSpec);

        String job = enqueue(apiBase, 3000);
        api.await(Duration.ofSeconds(60), "the job to run on the worker", () -> state(apiBase, job).equals("running"));
        assertThat(metrics(workerBase)).as("what the ServiceMonitor scrapes and KEDA's query reads, on a worker too")
                .contains("tock_queue_depth{queue=\"default\",state=\"running\",tock_namespace=\"default\"} 1.0");
        worker.signal("TERM");
        assertThat(seesNotReadyWhileDraining(worker, workerBase)).as("/ready turns 503 while the worker drains" + worker.output()).isTrue();
        assertThat(worker.awaitExit(stopLimit(workerSpec))).as(worker.output()).isZero();
        assertThat(state(apiBase, job)).as("the running job finished within the drain grace").isEqualTo("succeeded");

        api.signal("TERM");
        assertThat(api.awaitExit(stopLimit(apiSpec))).as(api.output()).isZero();
        assertThat(api.lines()).contains("tock server stopped");
        for (String name : List.of("tock-migrate", "tock-api", "tock-worker")) {
            PodProcess.Filesystem fs = new PodProcess.Filesystem(dir.resolve(name));
            assertThat(fs.writtenOutsideVolumes(shipped(fs))).as(name + " wrote only to its volumes").isEmpty();
        }
    }

    /** Starts the pod's first container as the kubelet would, from the image built by the Dockerfile. */
    private PodProcess start(String name, PodSpec pod, Manifests manifests, Path jar, boolean withTestJobType) throws IOException {
        PodProcess.Filesystem fs = new PodProcess.Filesystem(dir.resolve(name));
        Files.createDirectories(fs.at("/opt/tock/bin"));
        Files.copy(jar, fs.at("/opt/tock/tock.jar"));
        Files.copy(Repo.file("deploy/docker/healthcheck"), fs.at("/opt/tock/bin/healthcheck"));
        Container container = pod.getContainers().get(0);
        List<String> command = new ArrayList<>(image.execForm("ENTRYPOINT"));
        command.set(0, ProcessHandle.current().info().command().orElseThrow());
        if (withTestJobType) {
            Path classes = copyTestJobType(fs);
            int jarFlag = command.indexOf("-jar");
            command.subList(jarFlag, jarFlag + 2).clear();
            command.addAll(List.of("-cp", "/opt/tock/tock.jar:" + classes, TockCommand.class.getName()));
        }
        command.addAll(container.getArgs() == null ? image.execForm("CMD") : container.getArgs());
        Map<String, String> env = environment(name, container, manifests);
        String[] user = image.last("USER").split(":");
        PodProcess process = PodProcess.start(name, fs, command.stream().map(fs::map).toList(), mapValues(env, fs),
                image.last("WORKDIR"), Integer.parseInt(user[0]), Integer.parseInt(user[1]));
        pods.add(process);
        return process;
    }

    /** The key sealing kind: Secret values, as operators make it (openssl rand -base64 32). */
    private static final String SECRET_KEY = java.util.Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(32));

    /** The container's environment: image ENV, then the pod's (ConfigMap, env), with the cluster's values stood in. */
    private Map<String, String> environment(String podName, Container container, Manifests manifests) {
        Map<String, String> env = new LinkedHashMap<>(image.environment());
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOSTNAME", podName);
        Workload.environment(container, manifests).forEach((name, value) -> env.put(name, switch (value) {
            case "secret:tock-secrets/db-url" -> POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            case "secret:tock-secrets/admin-token" -> adminToken;
            case "secret:tock-secrets/secret-key" -> SECRET_KEY;
            case "field:metadata.name" -> podName + "-0";
            default -> {
                assertThat(value).as(name + " comes from the cluster in a way this test does not stand in for")
                        .doesNotStartWith("secret:").doesNotStartWith("field:");
                yield value;
            }
        }));
        env.put("TOCK_PORT", "0");
        long memoryLimit = container.getResources().getLimits().get("memory").getNumericalAmount().longValueExact();
        env.put("JAVA_TOOL_OPTIONS", env.get("JAVA_TOOL_OPTIONS") + " -XX:MaxRAM=" + memoryLimit);
        return env;
    }

    private static Map<String, String> mapValues(Map<String, String> env, PodProcess.Filesystem fs) {
        Map<String, String> mapped = new LinkedHashMap<>();
        env.forEach((k, v) -> mapped.put(k, k.equals("PATH") ? v : fs.map(v)));
        return mapped;
    }

    /**
     * Copies the test job type's provider, its classes and its {@code META-INF/services} file, into the pod's
     * read-only image folder; returns its image path.
     */
    private static Path copyTestJobType(PodProcess.Filesystem fs) throws IOException {
        Path classes = Path.of(URI.create(SleepHandlerProvider.class.getProtectionDomain().getCodeSource().getLocation().toString()));
        Path target = fs.at("/opt/tock/test-classes");
        String services = "META-INF/services/" + HandlerProvider.class.getName();
        Files.createDirectories(target.resolve(services).getParent());
        Files.copy(classes.resolve(services), target.resolve(services));
        Path pkg = Path.of(SleepHandlerProvider.class.getPackageName().replace('.', '/'));
        Files.createDirectories(target.resolve(pkg));
        try (var files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(SleepHandlerProvider.class.getSimpleName())).toList()) {
                Files.copy(f, target.resolve(pkg).resolve(f.getFileName()));
            }
        }
        return Path.of("/opt/tock/test-classes");
    }

    private static List<Path> shipped(PodProcess.Filesystem fs) throws IOException {
        try (var files = Files.walk(fs.at("/opt/tock"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static PodSpec pod(Manifests manifests, String deployment) {
        return manifests.named(Deployment.class, deployment).orElseThrow().getSpec().getTemplate().getSpec();
    }

    /** Waits, within the startup probe's budget, for /ready to answer 200; returns the pod's base URL. */
    private String awaitReady(PodProcess pod, PodSpec spec) {
        var startup = spec.getContainers().get(0).getStartupProbe();
        Duration budget = Duration.ofSeconds((long) startup.getPeriodSeconds() * startup.getFailureThreshold());
        String base = "http://127.0.0.1:" + pod.awaitListening(budget);
        pod.await(budget, "/ready to answer 200", () -> status(base + "/ready") == 200);
        return base;
    }

    /** How long a pod may take to stop after SIGTERM: its grace period less the preStop hook's time. */
    private static Duration stopLimit(PodSpec spec) {
        return Duration.ofSeconds(spec.getTerminationGracePeriodSeconds()).minus(PodRules.preStop(spec.getContainers().get(0)));
    }

    private int healthcheck(PodProcess pod, String base, String path) throws IOException, InterruptedException {
        String port = base.substring(base.lastIndexOf(':') + 1);
        ProcessBuilder b = new ProcessBuilder("bash", Repo.file("deploy/docker/healthcheck").toString(), path).redirectErrorStream(true);
        b.environment().put("TOCK_PORT", port);
        Process check = b.start();
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError("healthcheck did not finish" + pod.output());
        }
        return check.exitValue();
    }

    /** Polls /ready from SIGTERM until the process is gone; whether it ever answered 503. */
    private boolean seesNotReadyWhileDraining(PodProcess pod, String base) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pod.isAlive() && System.nanoTime() < deadline) {
            if (status(base + "/ready") == 503) {
                return true;
            }
            PodProcess.sleep(20);
        }
        return false;
    }

    private String enqueue(String base, long millis) throws IOException, InterruptedException {
        HttpResponse<String> r = send(base + "/v1/namespaces/default/jobs", "POST",
                "{\"type\": \"test.sleep\", \"payload\": {\"millis\": " + millis + "}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private String state(String base, String id) {
        try {
            return JSON.readTree(send(base + "/v1/namespaces/default/jobs/" + id, "GET", null).body()).get("state").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String metrics(String base) throws IOException, InterruptedException {
        HttpResponse<String> r = send(base + "/metrics", "GET", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return r.body();
    }

    private int status(String url) {
        try {
            return send(url, "GET", null).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> send(String url, String method, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void createSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }
}

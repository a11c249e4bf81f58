package dev.tock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.model.NodeRole;
import dev.tock.store.CompletionCommit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TockConfigTest {
    private static TockConfig.Builder builder() {
        return TockConfig.builder().nodeId("test-node");
    }

    @Test
    void defaultsAreValid() {
        TockConfig c = TockConfig.defaults();
        assertThat(c.nodeId()).isNotBlank();
        assertThat(c.dbUrl()).isEqualTo(TockConfig.DEFAULT_DB_URL);
        assertThat(c.workerThreads()).isEqualTo(16);
        assertThat(c.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.heartbeatInterval()).isLessThan(c.leaseDuration());
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void setParsesValuesByKey() {
        TockConfig c = builder()
                .set("lease-duration", "10s")
                .set("heartbeat-interval", "2500ms")
                .set("worker-threads", " 64 ")
                .set("db-url", "jdbc:h2:mem:x")
                .build();
        assertThat(c.leaseDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.workerThreads()).isEqualTo(64);
        assertThat(c.dbUrl()).isEqualTo("jdbc:h2:mem:x");
    }

    @Test
    void everyDocumentedKeyCanBeSet() {
        Map<String, String> samples = Map.ofEntries(
                Map.entry("node-id", "n1"), Map.entry("db-url", "jdbc:h2:mem:y"), Map.entry("db-schema", "tock"),
                Map.entry("db-pool-size", "4"), Map.entry("completion-commit", "FAST"), Map.entry("roles", " Worker, scheduler "), Map.entry("worker-threads", "3"), Map.entry("lease-batch-size", "7"),
                Map.entry("lease-duration", "1m"), Map.entry("heartbeat-interval", "20s"),
                Map.entry("reaper-interval", "2s"), Map.entry("poll-interval", "500ms"),
                Map.entry("maintenance-interval", "5m"),
                Map.entry("drain-grace", "0s"), Map.entry("max-payload-bytes", "2048"),
                Map.entry("output-tail-chars", "0"), Map.entry("host", "0.0.0.0"), Map.entry("port", "9090"),
                Map.entry("max-request-bytes", "4096"), Map.entry("http-executor-enabled", "false"),
                Map.entry("http-egress-allow", "public, 10.0.0.0/8 ,hooks.internal"), Map.entry("command-executor-enabled", "yes"),
                Map.entry("auth", "off"), Map.entry("tls-keystore", "/etc/tock/tls.p12"), Map.entry("tls-keystore-password", "pw"),
                Map.entry("trust-forwarded", "true"), Map.entry("rate-limit", "0"), Map.entry("rate-limit-burst", "5"),
                Map.entry("session-ttl", "30m"), Map.entry("metrics-public", "on"), Map.entry("audit-retention", "7d"),
                Map.entry("secret-key", KEY), Map.entry("secret-key-file", "/etc/tock/secret-key"),
                Map.entry("kubernetes-executor-enabled", "true"), Map.entry("kubernetes-executor-namespaces", " batch, reports "),
                Map.entry("max-step-output-bytes", "1024"), Map.entry("max-fan-out", "50"),
                Map.entry("job-retention", "30d"));
        assertThat(TockConfig.KEYS.keySet()).containsExactlyInAnyOrderElementsOf(samples.keySet());
        TockConfig.Builder b = TockConfig.builder();
        // The two ways of giving the secret key exclude each other: the file is checked on its own below.
        samples.forEach((key, value) -> {
            if (!key.equals("secret-key-file")) {
                b.set(key, value);
            }
        });
        TockConfig c = b.build();
        assertThat(c.secretKey().load()).isPresent();
        assertThat(TockConfig.builder().set("secret-key-file", "/etc/tock/secret-key").build().secretKey().keyFile())
                .isEqualTo("/etc/tock/secret-key");
        assertThat(c.nodeId()).isEqualTo("n1");
        assertThat(c.maxStepOutputBytes()).isEqualTo(1024);
        assertThat(c.maxFanOut()).isEqualTo(50);
        assertThat(c.jobRetention()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(c.kubernetesExecutor()).isEqualTo(new KubernetesExecutorConfig(true, java.util.List.of("batch", "reports")));
        assertThatThrownBy(() -> TockConfig.builder().set("kubernetes-executor-enabled", "true").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("kubernetes-executor-namespaces");
        assertThat(c.dbSchema()).isEqualTo("tock");
        assertThat(c.dbPoolSize()).isEqualTo(4);
        assertThat(c.completionCommit()).isEqualTo(CompletionCommit.FAST);
        assertThat(c.roles()).containsExactlyInAnyOrder(NodeRole.WORKER, NodeRole.SCHEDULER);
        assertThat(c.leaseBatchSize()).isEqualTo(7);
        assertThat(c.reaperInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maintenanceInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.drainGrace()).isZero();
        assertThat(c.maxPayloadBytes()).isEqualTo(2048);
        assertThat(c.outputTailChars()).isZero();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.maxRequestBytes()).isEqualTo(4096);
        assertThat(c.httpExecutorEnabled()).isFalse();
        assertThat(c.httpEgressAllow()).containsExactly("public", "10.0.0.0/8", "hooks.internal");
        assertThat(c.commandExecutorEnabled()).isTrue();
        assertThat(c.security().auth()).isFalse();
        assertThat(c.security().tlsKeystore()).isEqualTo("/etc/tock/tls.p12");
        assertThat(c.security().tlsKeystorePassword()).isEqualTo("pw");
        assertThat(c.security().trustForwarded()).isTrue();
        assertThat(c.security().rateLimit()).isZero();
        assertThat(c.security().rateLimitBurst()).isEqualTo(5);
        assertThat(c.security().sessionTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.security().metricsPublic()).isTrue();
        assertThat(c.security().auditRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.security().toString()).doesNotContain("pw");
    }

    private static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void theSecretKeyIsCheckedAndNeverShown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TockConfig c = builder().set("secret-key", KEY).build();
        assertThat(c.summary()).contains("secret-key=set").doesNotContain(KEY);
        assertThat(c.toString()).doesNotContain(KEY);
        assertThat(TockConfig.defaults().secretKey().load()).isEmpty();
        assertThatThrownBy(() -> builder().set("secret-key", "c2hvcnQ="))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("secret-key").hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> builder().set("secret-key", KEY).set("secret-key-file", "/k"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("key"), KEY);
        TockConfig fromFile = builder().build().withEnvironment(Map.of("TOCK_SECRET_KEY_FILE", file.toString()));
        assertThat(fromFile.secretKey().load()).isEqualTo(c.secretKey().load());
        assertThat(fromFile.summary()).contains("secret-key=file:" + file);
        TockConfig missing = builder().set("secret-key-file", dir.resolve("nope").toString()).build();
        assertThatThrownBy(() -> missing.secretKey().load()).isInstanceOf(ConfigException.class).hasMessageStartingWith("secret-key-file");
    }

    @Test
    void jobRetentionIsTwoWeeksByDefaultAndAtLeastADay() {
        assertThat(TockConfig.defaults().jobRetention()).isEqualTo(java.time.Duration.ofDays(14));
        assertThatThrownBy(() -> builder().set("job-retention", "12h").build())
                .isInstanceOf(ConfigException.class).hasMessage("job-retention must be at least 1d, was 12h");
    }

    @Test
    void executorSettingsAreCheckedAndTheCommandExecutorIsOffByDefault() {
        TockConfig c = TockConfig.defaults();
        assertThat(c.httpExecutorEnabled()).isTrue();
        assertThat(c.httpEgressAllow()).containsExactly("public");
        assertThat(c.commandExecutorEnabled()).isFalse();
        assertThatThrownBy(() -> builder().set("http-egress-allow", "10.0.0.0/99").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("http-egress-allow");
        assertThatThrownBy(() -> builder().set("command-executor-enabled", "maybe"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("command-executor-enabled");
    }

    @Test
    void securityIsOnByDefaultAndBadSecurityValuesNameTheirKey() {
        assertThat(TockConfig.defaults().security().auth()).isTrue();
        assertThat(TockConfig.defaults().security().tls()).isFalse();
        assertThatThrownBy(() -> builder().set("auth", "maybe")).isInstanceOf(ConfigException.class).hasMessageStartingWith("auth");
        assertThatThrownBy(() -> builder().set("rate-limit", "-1")).isInstanceOf(ConfigException.class).hasMessageContaining("rate-limit");
        assertThatThrownBy(() -> builder().set("session-ttl", "1s")).isInstanceOf(ConfigException.class).hasMessageContaining("session-ttl");
        assertThatThrownBy(() -> builder().set("audit-retention", "1h")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("audit-retention");
    }

    @Test
    void requestBodiesMustFitTheLargestPayload() {
        assertThatThrownBy(() -> builder().maxPayloadBytes(8192).maxRequestBytes(4096).build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("max-request-bytes (4096)");
        assertThatThrownBy(() -> builder().port(70_000).build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("port");
    }

    @Test
    void everyNodeHasEveryRoleUnlessToldOtherwise() {
        assertThat(TockConfig.defaults().roles()).containsExactlyInAnyOrder(NodeRole.API, NodeRole.SCHEDULER, NodeRole.WORKER);
        TockConfig c = builder().build().withEnvironment(Map.of("TOCK_ROLES", "api"));
        assertThat(c.roles()).containsExactly(NodeRole.API);
        assertThat(c.hasRole(NodeRole.WORKER)).isFalse();
        assertThat(c.summary()).contains("roles=api");
        assertThat(builder().roles(NodeRole.WORKER, NodeRole.API).build().summary()).contains("roles=api,worker");
    }

    @Test
    void unknownOrMissingRolesAreRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> builder().set("roles", "api,wroker"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("roles")
                .hasMessageContaining("wroker")
                .hasMessageContaining("api, scheduler, worker");
        assertThatThrownBy(() -> builder().set("roles", " , ").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("roles")
                .hasMessageContaining("api, scheduler, worker");
        assertThatThrownBy(() -> builder().roles(java.util.Set.of()).build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("roles");
    }

    @Test
    void nodeIdsFitTheStore() {
        assertThatThrownBy(() -> builder().nodeId("n".repeat(256)).build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("node-id");
        assertThat(builder().nodeId("n".repeat(255)).build().nodeId()).hasSize(255);
    }

    @Test
    void unknownKeyListsTheKnownOnes() {
        assertThatThrownBy(() -> builder().set("lease-time", "10s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lease-time")
                .hasMessageContaining("node-id")
                .hasMessageContaining("lease-duration")
                .hasMessageContaining("output-tail-chars");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> builder().set("worker-threads", "many"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("worker-threads");
        assertThatThrownBy(() -> builder().set("lease-duration", "soon"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("lease-duration");
        assertThatThrownBy(() -> builder().workerThreads(0).build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("worker-threads");
        assertThatThrownBy(() -> builder().pollInterval(Duration.ZERO).build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("poll-interval");
        assertThatThrownBy(() -> builder().drainGrace(Duration.ofSeconds(-1)).build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("drain-grace");
        assertThatThrownBy(() -> builder().nodeId(" ").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("node-id");
    }

    @Test
    void heartbeatMustBeShorterThanTheLease() {
        assertThatThrownBy(() -> builder().leaseDuration(Duration.ofSeconds(10)).heartbeatInterval(Duration.ofSeconds(10)).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("heartbeat-interval (10s)")
                .hasMessageContaining("lease-duration (10s)");
        assertThatThrownBy(() -> builder().set("lease-duration", "5s").build()).isInstanceOf(ConfigException.class);
        assertThat(builder().leaseDuration(Duration.ofSeconds(10)).heartbeatInterval(Duration.ofMillis(9999)).build())
                .isNotNull();
    }

    @Test
    void withEnvironmentAppliesTockVariables() {
        TockConfig base = builder().build();
        TockConfig c = base.withEnvironment(Map.of(
                "TOCK_WORKER_THREADS", "7",
                "TOCK_POLL_INTERVAL", "",
                "WORKER_THREADS", "9",
                "PATH", "/usr/bin"));
        assertThat(c.workerThreads()).isEqualTo(7);
        assertThat(c.pollInterval()).isEqualTo(base.pollInterval());
        assertThat(c.toBuilder().workerThreads(base.workerThreads()).build()).isEqualTo(base);
    }

    @Test
    void completionsAreDurableUnlessFastIsAskedFor() {
        assertThat(TockConfig.defaults().completionCommit()).isEqualTo(CompletionCommit.DURABLE);
        assertThat(builder().build().withEnvironment(Map.of("TOCK_COMPLETION_COMMIT", "fast")).completionCommit())
                .isEqualTo(CompletionCommit.FAST);
        assertThat(TockConfig.defaults().summary()).contains("completion-commit=durable");
        assertThatThrownBy(() -> builder().set("completion-commit", "async"))
                .isInstanceOf(ConfigException.class).hasMessage("completion-commit: must be durable or fast, was \"async\"");
    }

    @Test
    void withEnvironmentReportsBadValuesByKey() {
        assertThatThrownBy(() -> builder().build().withEnvironment(Map.of("TOCK_DB_POOL_SIZE", "x")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("db-pool-size");
    }

    @Test
    void environmentNameIsUpperSnakeCaseWithPrefix() {
        assertThat(TockConfig.environmentName("lease-duration")).isEqualTo("TOCK_LEASE_DURATION");
        assertThat(TockConfig.environmentName("node-id")).isEqualTo("TOCK_NODE_ID");
    }

    @Test
    void redactedDbUrlHidesPasswords() {
        assertThat(builder().dbUrl("jdbc:postgresql://db/tock?user=app&password=s3cret&ssl=true").build().redactedDbUrl())
                .isEqualTo("jdbc:postgresql://db/tock?user=app&password=***&ssl=true");
        assertThat(builder().dbUrl("jdbc:h2:file:./d;USER=sa;PASSWORD=hunter2").build().redactedDbUrl())
                .isEqualTo("jdbc:h2:file:./d;USER=sa;PASSWORD=***");
        assertThat(builder().dbUrl("jdbc:postgresql://app:s3cret@db:5432/tock").build().redactedDbUrl())
                .isEqualTo("jdbc:postgresql://app:***@db:5432/tock");
        assertThat(builder().dbUrl("jdbc:postgresql://db:5432/tock").build().redactedDbUrl())
                .isEqualTo("jdbc:postgresql://db:5432/tock");
        assertThat(builder().dbUrl("jdbc:postgresql://db/tock?password=s3cret").build().summary())
                .doesNotContain("s3cret");
    }

    @Test
    void keysKeepReadmeOrderAndAreUnmodifiable() {
        assertThat(TockConfig.KEYS.keySet()).first().isEqualTo("node-id");
        assertThat(TockConfig.KEYS.keySet()).startsWith("node-id", "db-url", "db-schema", "db-pool-size")
                .containsSubsequence("host", "port", "max-request-bytes").endsWith("metrics-public", "audit-retention");
        assertThat(TockConfig.KEYS.values()).allSatisfy(doc -> assertThat(doc).isNotBlank());
        assertThatThrownBy(() -> TockConfig.KEYS.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}

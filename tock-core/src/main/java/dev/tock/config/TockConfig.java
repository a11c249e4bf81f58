package dev.tock.config;

import dev.tock.Durations;
import dev.tock.executor.EgressPolicy;
import dev.tock.model.NodeRole;
import dev.tock.store.CompletionCommit;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Every setting of a Tock node, with defaults. Each has a dashed key ({@code lease-duration}) and an
 * environment variable ({@code TOCK_LEASE_DURATION}); {@link #withEnvironment} and
 * {@link Builder#set(String, String)} apply them, and {@link ConfigReference} documents them in one table.
 */
public record TockConfig(
        String nodeId,
        String dbUrl,
        String dbSchema,
        int dbPoolSize,
        CompletionCommit completionCommit,
        Set<NodeRole> roles,
        int workerThreads,
        int leaseBatchSize,
        Duration leaseDuration,
        Duration heartbeatInterval,
        Duration reaperInterval,
        Duration pollInterval,
        Duration maintenanceInterval,
        Duration jobRetention,
        Duration drainGrace,
        int maxPayloadBytes,
        int outputTailChars,
        String host,
        int port,
        int maxRequestBytes,
        boolean httpExecutorEnabled,
        List<String> httpEgressAllow,
        boolean commandExecutorEnabled,
        SecurityConfig security,
        SecretKeyConfig secretKey,
        KubernetesExecutorConfig kubernetesExecutor,
        int maxStepOutputBytes,
        int maxFanOut) {

    public static final String DEFAULT_DB_URL = "jdbc:h2:file:./tock-data/tock";
    public static final int DEFAULT_DB_POOL_SIZE = 16;
    public static final CompletionCommit DEFAULT_COMPLETION_COMMIT = CompletionCommit.DURABLE;
    public static final Set<NodeRole> DEFAULT_ROLES = Set.of(NodeRole.values());
    public static final int DEFAULT_WORKER_THREADS = 16;
    public static final int DEFAULT_LEASE_BATCH_SIZE = 1000;
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REAPER_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_JOB_RETENTION = dev.tock.store.StoreOptions.DEFAULT_JOB_RETENTION;
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
    public static final int DEFAULT_OUTPUT_TAIL_CHARS = 4096;
    public static final int DEFAULT_MAX_STEP_OUTPUT_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_FAN_OUT = 10_000;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    public static final List<String> DEFAULT_HTTP_EGRESS_ALLOW = List.of(EgressPolicy.PUBLIC);

    /** Node ids are stored with leases and attempts in columns of this size. */
    public static final int MAX_NODE_ID_LENGTH = 255;
    /** The dashboard's throughput reads finished jobs of the last day: history is kept at least that long. */
    public static final Duration MIN_JOB_RETENTION = Duration.ofDays(1);

    /** Every key with the text that documents it, in the order of {@link ConfigReference#SETTINGS}. */
    public static final Map<String, String> KEYS = keys();

    public TockConfig {
        requireText("node-id", nodeId);
        requireText("db-url", dbUrl);
        dbSchema = dbSchema == null ? "" : dbSchema;
        if (nodeId.length() > MAX_NODE_ID_LENGTH) {
            throw new ConfigException("node-id must be at most " + MAX_NODE_ID_LENGTH + " characters, was " + nodeId.length());
        }
        requireRange("db-pool-size", dbPoolSize, 2, 1000);
        completionCommit = completionCommit == null ? DEFAULT_COMPLETION_COMMIT : completionCommit;
        if (roles == null || roles.isEmpty()) {
            throw new ConfigException("roles must name at least one of " + knownRoles());
        }
        roles = Set.copyOf(roles);
        requireRange("worker-threads", workerThreads, 1, 100_000);
        requireRange("lease-batch-size", leaseBatchSize, 1, 10_000);
        requirePositive("lease-duration", leaseDuration);
        requirePositive("heartbeat-interval", heartbeatInterval);
        requirePositive("reaper-interval", reaperInterval);
        requirePositive("poll-interval", pollInterval);
        requirePositive("maintenance-interval", maintenanceInterval);
        jobRetention = jobRetention == null ? DEFAULT_JOB_RETENTION : jobRetention;
        if (jobRetention.compareTo(MIN_JOB_RETENTION) < 0) {
            throw new ConfigException("job-retention must be at least " + Durations.format(MIN_JOB_RETENTION) + ", was "
                    + Durations.format(jobRetention));
        }
        if (drainGrace == null || drainGrace.isNegative()) {
            throw new ConfigException("drain-grace must be zero or positive");
        }
        requireRange("max-payload-bytes", maxPayloadBytes, 2, 64 * 1024 * 1024);
        requireRange("output-tail-chars", outputTailChars, 0, 1024 * 1024);
        requireText("host", host);
        requireRange("port", port, 0, 65_535);
        requireRange("max-request-bytes", maxRequestBytes, 1024, 1024 * 1024 * 1024);
        requireRange("max-step-output-bytes", maxStepOutputBytes, 2, 64 * 1024 * 1024);
        requireRange("max-fan-out", maxFanOut, 1, 1_000_000);
        if (maxRequestBytes < maxPayloadBytes) {
            throw new ConfigException("max-request-bytes (" + maxRequestBytes + ") must not be smaller than max-payload-bytes ("
                    + maxPayloadBytes + "), or a job with the largest payload could not be posted");
        }
        security = security == null ? SecurityConfig.defaults() : security;
        secretKey = secretKey == null ? SecretKeyConfig.none() : secretKey;
        kubernetesExecutor = kubernetesExecutor == null ? KubernetesExecutorConfig.disabled() : kubernetesExecutor;
        kubernetesExecutor.requireComplete();
        if (heartbeatInterval.compareTo(leaseDuration) >= 0) {
            throw new ConfigException("heartbeat-interval (" + Durations.format(heartbeatInterval)
                    + ") must be shorter than lease-duration (" + Durations.format(leaseDuration)
                    + "), or leases expire between heartbeats");
        }
        httpEgressAllow = List.copyOf(httpEgressAllow == null ? DEFAULT_HTTP_EGRESS_ALLOW : httpEgressAllow);
        try {
            EgressPolicy.parse(httpEgressAllow);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("http-egress-allow: " + e.getMessage());
        }
    }

    /** The HTTP executor's egress policy, from {@code http-egress-allow}. */
    public EgressPolicy egressPolicy() {
        return EgressPolicy.parse(httpEgressAllow);
    }

    public static TockConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This configuration with every {@code TOCK_*} variable in {@code env} applied. */
    public TockConfig withEnvironment(Map<String, String> env) {
        Builder b = toBuilder();
        for (String key : KEYS.keySet()) {
            String value = env.get(environmentName(key));
            if (value != null && !value.isBlank()) {
                b.set(key, value);
            }
        }
        return b.build();
    }

    /** {@code lease-duration} → {@code TOCK_LEASE_DURATION}. */
    public static String environmentName(String key) {
        return "TOCK_" + key.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** One line for the log at start. */
    public String summary() {
        return "node-id=" + nodeId + " roles=" + rolesText(roles) + " db=" + redactedDbUrl()
                + " completion-commit=" + completionCommit.wireName() + " worker-threads=" + workerThreads
                + " lease-batch-size=" + leaseBatchSize + " lease-duration=" + Durations.format(leaseDuration)
                + " heartbeat-interval=" + Durations.format(heartbeatInterval)
                + " reaper-interval=" + Durations.format(reaperInterval)
                + " poll-interval=" + Durations.format(pollInterval) + " drain-grace=" + Durations.format(drainGrace)
                + " max-payload-bytes=" + maxPayloadBytes + " http-executor=" + httpExecutorEnabled
                + " http-egress-allow=" + String.join(",", httpEgressAllow) + " command-executor=" + commandExecutorEnabled
                + " kubernetes-executor=" + kubernetesExecutor.enabled()
                + (kubernetesExecutor.enabled() ? " kubernetes-executor-namespaces=" + String.join(",", kubernetesExecutor.namespaces()) : "")
                + " secret-key=" + secretKey;
    }

    /** The database URL without any password in it, fit for logs. */
    public String redactedDbUrl() {
        return dbUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/:@]+):[^@/]*@", "//$1:***@");
    }

    private static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        ConfigReference.SETTINGS.forEach(s -> k.put(s.key(), s.meaning()));
        return java.util.Collections.unmodifiableMap(k);
    }

    /** Whether this node has {@code role}. */
    public boolean hasRole(NodeRole role) {
        return roles.contains(role);
    }

    /** {@code api,worker} → those roles; the error names the known roles. */
    static Set<NodeRole> parseRoles(String text) {
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        for (String name : text.split(",")) {
            if (!name.isBlank()) {
                roles.add(NodeRole.fromWireName(name.trim().toLowerCase(Locale.ROOT)));
            }
        }
        return roles;
    }

    private static String rolesText(Set<NodeRole> roles) {
        return roles.stream().sorted().map(NodeRole::wireName).collect(Collectors.joining(","));
    }

    private static String knownRoles() {
        return rolesText(EnumSet.allOf(NodeRole.class)).replace(",", ", ");
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + " must not be empty");
        }
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(key + " must be a positive duration, was " + value);
        }
    }

    private static String defaultNodeId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "node";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String nodeId;
        private String dbUrl = DEFAULT_DB_URL;
        private String dbSchema = "";
        private int dbPoolSize = DEFAULT_DB_POOL_SIZE;
        private CompletionCommit completionCommit = DEFAULT_COMPLETION_COMMIT;
        private Set<NodeRole> roles = DEFAULT_ROLES;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int leaseBatchSize = DEFAULT_LEASE_BATCH_SIZE;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration reaperInterval = DEFAULT_REAPER_INTERVAL;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration maintenanceInterval = DEFAULT_MAINTENANCE_INTERVAL;
        private Duration jobRetention = DEFAULT_JOB_RETENTION;
        private Duration drainGrace = DEFAULT_DRAIN_GRACE;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private int outputTailChars = DEFAULT_OUTPUT_TAIL_CHARS;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private boolean httpExecutorEnabled = true;
        private List<String> httpEgressAllow = DEFAULT_HTTP_EGRESS_ALLOW;
        private boolean commandExecutorEnabled;
        private SecurityConfig security = SecurityConfig.defaults();
        private SecretKeyConfig secretKey = SecretKeyConfig.none();
        private KubernetesExecutorConfig kubernetesExecutor = KubernetesExecutorConfig.disabled();
        private int maxStepOutputBytes = DEFAULT_MAX_STEP_OUTPUT_BYTES;
        private int maxFanOut = DEFAULT_MAX_FAN_OUT;

        private Builder() {
        }

        private Builder(TockConfig c) {
            nodeId = c.nodeId; dbUrl = c.dbUrl; dbSchema = c.dbSchema; dbPoolSize = c.dbPoolSize;
            completionCommit = c.completionCommit; roles = c.roles;
            workerThreads = c.workerThreads; leaseBatchSize = c.leaseBatchSize; leaseDuration = c.leaseDuration;
            heartbeatInterval = c.heartbeatInterval; reaperInterval = c.reaperInterval; pollInterval = c.pollInterval;
            maintenanceInterval = c.maintenanceInterval; jobRetention = c.jobRetention;
            drainGrace = c.drainGrace; maxPayloadBytes = c.maxPayloadBytes; outputTailChars = c.outputTailChars;
            host = c.host; port = c.port; maxRequestBytes = c.maxRequestBytes;
            httpExecutorEnabled = c.httpExecutorEnabled; httpEgressAllow = c.httpEgressAllow;
            commandExecutorEnabled = c.commandExecutorEnabled; security = c.security; secretKey = c.secretKey;
            kubernetesExecutor = c.kubernetesExecutor;
            maxStepOutputBytes = c.maxStepOutputBytes; maxFanOut = c.maxFanOut;
        }

        public Builder nodeId(String v) { nodeId = v; return this; }
        public Builder dbUrl(String v) { dbUrl = v; return this; }
        public Builder dbSchema(String v) { dbSchema = v; return this; }
        public Builder dbPoolSize(int v) { dbPoolSize = v; return this; }
        /** Whether the hot path's commits wait for the disk; see {@link CompletionCommit}. */
        public Builder completionCommit(CompletionCommit v) { completionCommit = v; return this; }
        public Builder roles(Set<NodeRole> v) { roles = v; return this; }
        public Builder roles(NodeRole... v) { roles = Set.of(v); return this; }
        public Builder workerThreads(int v) { workerThreads = v; return this; }
        public Builder leaseBatchSize(int v) { leaseBatchSize = v; return this; }
        public Builder leaseDuration(Duration v) { leaseDuration = v; return this; }
        public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
        public Builder reaperInterval(Duration v) { reaperInterval = v; return this; }
        public Builder pollInterval(Duration v) { pollInterval = v; return this; }
        public Builder maintenanceInterval(Duration v) { maintenanceInterval = v; return this; }
        /** How long finished jobs are kept, unless a job sets its own retention. */
        public Builder jobRetention(Duration v) { jobRetention = v; return this; }
        public Builder drainGrace(Duration v) { drainGrace = v; return this; }
        public Builder maxPayloadBytes(int v) { maxPayloadBytes = v; return this; }
        public Builder outputTailChars(int v) { outputTailChars = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder maxRequestBytes(int v) { maxRequestBytes = v; return this; }
        public Builder httpExecutorEnabled(boolean v) { httpExecutorEnabled = v; return this; }
        /** Entries of the HTTP executor's egress policy, see {@link EgressPolicy}. */
        public Builder httpEgressAllow(List<String> v) { httpEgressAllow = v; return this; }
        /** Lets this node accept and run command jobs: whoever can create jobs can then run programs here. */
        public Builder commandExecutorEnabled(boolean v) { commandExecutorEnabled = v; return this; }
        public Builder security(SecurityConfig v) { security = v; return this; }
        /** Where the key for Secrets comes from; see {@link SecretKeyConfig}. */
        public Builder secretKey(SecretKeyConfig v) { secretKey = v; return this; }
        /** The Kubernetes Job executor's settings; see {@link KubernetesExecutorConfig}. */
        public Builder kubernetesExecutor(KubernetesExecutorConfig v) { kubernetesExecutor = v; return this; }
        /** The largest output a workflow step may record, in bytes of JSON; a larger one fails the attempt. */
        public Builder maxStepOutputBytes(int v) { maxStepOutputBytes = v; return this; }
        /** The most items one workflow forEach step may fan out to. */
        public Builder maxFanOut(int v) { maxFanOut = v; return this; }
        /** The security settings so far, for {@link SecurityKeys} to change one. */
        SecurityConfig security() { return security; }

        /** Sets one value by its dashed key, parsing it; the error names the key. */
        public Builder set(String key, String value) {
            BiConsumer<Builder, String> setter = SETTERS.containsKey(key) ? SETTERS.get(key) : SecurityKeys.SETTERS.get(key);
            if (setter == null) {
                throw new ConfigException("unknown setting " + key + " (known: " + String.join(", ", KEYS.keySet()) + ")");
            }
            try {
                setter.accept(this, value.trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
            return this;
        }

        public TockConfig build() {
            return new TockConfig(nodeId == null ? defaultNodeId() : nodeId, dbUrl, dbSchema, dbPoolSize, completionCommit, roles,
                    workerThreads, leaseBatchSize, leaseDuration, heartbeatInterval, reaperInterval, pollInterval,
                    maintenanceInterval, jobRetention, drainGrace, maxPayloadBytes, outputTailChars, host, port, maxRequestBytes,
                    httpExecutorEnabled, httpEgressAllow, commandExecutorEnabled, security, secretKey, kubernetesExecutor,
                    maxStepOutputBytes, maxFanOut);
        }

        private static final Map<String, BiConsumer<Builder, String>> SETTERS = Map.ofEntries(
                Map.entry("node-id", Builder::nodeId),
                Map.entry("db-url", Builder::dbUrl),
                Map.entry("db-schema", Builder::dbSchema),
                Map.entry("db-pool-size", (b, v) -> b.dbPoolSize(Integer.parseInt(v))),
                Map.entry("completion-commit", (b, v) -> b.completionCommit(CompletionCommit.parse(v))),
                Map.entry("roles", (b, v) -> b.roles(parseRoles(v))),
                Map.entry("worker-threads", (b, v) -> b.workerThreads(Integer.parseInt(v))),
                Map.entry("lease-batch-size", (b, v) -> b.leaseBatchSize(Integer.parseInt(v))),
                Map.entry("lease-duration", (b, v) -> b.leaseDuration(Durations.parse(v))),
                Map.entry("heartbeat-interval", (b, v) -> b.heartbeatInterval(Durations.parse(v))),
                Map.entry("reaper-interval", (b, v) -> b.reaperInterval(Durations.parse(v))),
                Map.entry("poll-interval", (b, v) -> b.pollInterval(Durations.parse(v))),
                Map.entry("maintenance-interval", (b, v) -> b.maintenanceInterval(Durations.parse(v))),
                Map.entry("job-retention", (b, v) -> b.jobRetention(Durations.parse(v))),
                Map.entry("drain-grace", (b, v) -> b.drainGrace(Durations.parse(v))),
                Map.entry("max-payload-bytes", (b, v) -> b.maxPayloadBytes(Integer.parseInt(v))),
                Map.entry("output-tail-chars", (b, v) -> b.outputTailChars(Integer.parseInt(v))),
                Map.entry("host", Builder::host),
                Map.entry("port", (b, v) -> b.port(Integer.parseInt(v))),
                Map.entry("max-request-bytes", (b, v) -> b.maxRequestBytes(Integer.parseInt(v))),
                Map.entry("http-executor-enabled", (b, v) -> b.httpExecutorEnabled(parseBoolean(v))),
                Map.entry("http-egress-allow", (b, v) -> b.httpEgressAllow(List.of(v.split(",")).stream().map(String::trim)
                        .filter(e -> !e.isEmpty()).toList())),
                Map.entry("command-executor-enabled", (b, v) -> b.commandExecutorEnabled(parseBoolean(v))),
                Map.entry("kubernetes-executor-enabled", (b, v) -> b.kubernetesExecutor(b.kubernetesExecutor.withEnabled(parseBoolean(v)))),
                Map.entry("kubernetes-executor-namespaces", (b, v) -> b.kubernetesExecutor(b.kubernetesExecutor.withNamespaces(
                        List.of(v.split(",")).stream().map(String::trim).filter(e -> !e.isEmpty()).toList()))),
                Map.entry("max-step-output-bytes", (b, v) -> b.maxStepOutputBytes(Integer.parseInt(v))),
                Map.entry("max-fan-out", (b, v) -> b.maxFanOut(Integer.parseInt(v))),
                Map.entry("secret-key", (b, v) -> b.secretKey(b.secretKey.withKey(v))),
                Map.entry("secret-key-file", (b, v) -> b.secretKey(b.secretKey.withKeyFile(v))));

        private static boolean parseBoolean(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw new IllegalArgumentException("must be true or false, was \"" + v + "\"");
            };
        }
    }
}

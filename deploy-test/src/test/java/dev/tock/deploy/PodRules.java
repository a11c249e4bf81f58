package dev.tock.deploy;

import dev.tock.Durations;
import dev.tock.config.ConfigException;
import dev.tock.config.TockConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The invariants of each pod template and its containers: resources, a non-root read-only security
 * context, pinned images, probes, Secrets only through secretKeyRef, and for Tock's own containers the
 * command, the settings, the scrape annotations, the grace period and the rollout. Part of
 * {@link ManifestRules}, which adds the rules between objects.
 */
final class PodRules {
    /** TOCK_* variables that are not {@link TockConfig} settings but are read by the tool or the server. */
    static final Set<String> EXTRA_TOCK_VARIABLES = Set.of("TOCK_LOG_LEVEL", "TOCK_LOG_FORMAT", "TOCK_ADMIN_TOKEN");
    /** Time the node needs after the drain grace to release leases and stop its HTTP server. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(5);
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|CREDENTIAL).*|TOCK_DB_URL");

    private final Manifests manifests;
    private final ManifestRules.Expectations expected;
    private final List<Workload> workloads;
    private final Consumer<String> violations;

    PodRules(Manifests manifests, ManifestRules.Expectations expected, List<Workload> workloads, Consumer<String> violations) {
        this.manifests = manifests;
        this.expected = expected;
        this.workloads = workloads;
        this.violations = violations;
    }

    void check() {
        containers();
        probes();
        secrets();
        tockContainers();
    }

    private void violation(String what) {
        violations.accept(what);
    }

    private void containers() {
        for (Workload w : workloads) {
            if (Boolean.TRUE.equals(w.pod().getHostNetwork()) || Boolean.TRUE.equals(w.pod().getHostPID())
                    || Boolean.TRUE.equals(w.pod().getHostIPC())) {
                violation(w.id() + " shares the node's network, PID or IPC namespace");
            }
            if (Workload.nullSafe(w.pod().getVolumes()).stream().anyMatch(v -> v.getHostPath() != null)) {
                violation(w.id() + " mounts a hostPath volume");
            }
            for (Container c : w.allContainers()) {
                String where = w.id() + " container " + c.getName();
                resources(where, c);
                securityContext(where, c, w.pod().getSecurityContext());
                image(where, c.getImage());
            }
        }
    }

    private void resources(String where, Container c) {
        var r = c.getResources();
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            if (!requests.containsKey(resource) || !limits.containsKey(resource)) {
                violation(where + " lacks a " + resource + " request or limit");
            } else if (amount(requests.get(resource)).compareTo(amount(limits.get(resource))) > 0) {
                violation(where + " requests more " + resource + " than its limit");
            }
        }
    }

    private static BigDecimal amount(Quantity q) {
        return q.getNumericalAmount();
    }

    private void securityContext(String where, Container c, PodSecurityContext pod) {
        SecurityContext sc = c.getSecurityContext();
        if (sc == null) {
            violation(where + " has no securityContext");
            return;
        }
        boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot()) || sc.getRunAsNonRoot() == null && pod != null
                && Boolean.TRUE.equals(pod.getRunAsNonRoot());
        Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        if (!nonRoot || Long.valueOf(0).equals(uid)) {
            violation(where + " may run as root (runAsNonRoot must be true and runAsUser not 0)");
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            violation(where + " does not set allowPrivilegeEscalation: false");
        }
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
            violation(where + " is privileged");
        }
        if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            violation(where + " does not have a read-only root filesystem");
        }
        var caps = sc.getCapabilities();
        if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
            violation(where + " does not drop ALL capabilities");
        } else if (caps.getAdd() != null && !caps.getAdd().isEmpty()) {
            violation(where + " adds capabilities " + caps.getAdd());
        }
        var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod == null ? null : pod.getSeccompProfile();
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
            violation(where + " has no RuntimeDefault seccomp profile");
        }
    }

    private void image(String where, String image) {
        String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
        if (!image.contains("@") && (!afterRegistry.contains(":") || afterRegistry.endsWith(":latest"))) {
            violation(where + " uses image " + image + " without a pinned tag (none, or latest)");
        }
    }

    private void probes() {
        for (Workload w : workloads) {
            if (!w.longRunning()) {
                continue;
            }
            for (Container c : w.pod().getContainers()) {
                String where = w.id() + " container " + c.getName();
                probe(where, "startup", c.getStartupProbe(), w);
                probe(where, "liveness", c.getLivenessProbe(), w);
                probe(where, "readiness", c.getReadinessProbe(), w);
                if (isTock(c)) {
                    httpPath(where, "liveness", c.getLivenessProbe(), "/health");
                    httpPath(where, "readiness", c.getReadinessProbe(), "/ready");
                }
            }
        }
    }

    private void probe(String where, String kind, Probe probe, Workload w) {
        if (probe == null) {
            violation(where + " has no " + kind + " probe");
        } else if (probe.getHttpGet() != null && !w.exposes(probe.getHttpGet().getPort())) {
            violation(where + "'s " + kind + " probe uses port " + probe.getHttpGet().getPort() + " that the container does not expose");
        }
    }

    private void httpPath(String where, String kind, Probe probe, String path) {
        if (probe != null && (probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath()))) {
            violation(where + "'s " + kind + " probe must GET " + path);
        }
    }

    private void secrets() {
        for (Workload w : workloads) {
            for (Container c : w.allContainers()) {
                String where = w.id() + " container " + c.getName();
                for (var env : Workload.nullSafe(c.getEnv())) {
                    boolean secretLike = SECRET_NAME.matcher(env.getName()).matches();
                    boolean fromSecret = env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null;
                    if (secretLike && !fromSecret) {
                        violation(where + " sets " + env.getName() + " other than from a Secret (secretKeyRef)");
                    }
                    if (env.getValue() != null && env.getValue().toLowerCase().contains("password=")) {
                        violation(where + " has a password inline in " + env.getName());
                    }
                    if (fromSecret && !Boolean.TRUE.equals(env.getValueFrom().getSecretKeyRef().getOptional())) {
                        secretKey(where, env.getValueFrom().getSecretKeyRef().getName(), env.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
                if (Workload.nullSafe(c.getEnvFrom()).stream().anyMatch(e -> e.getSecretRef() != null)) {
                    violation(where + " takes a whole Secret with envFrom; name each key with secretKeyRef");
                }
            }
        }
        for (ConfigMap cm : manifests.all(ConfigMap.class)) {
            cm.getData().forEach((key, value) -> {
                if (SECRET_NAME.matcher(key).matches() || value.toLowerCase().contains("password=")) {
                    violation("ConfigMap " + cm.getMetadata().getName() + " holds a secret in " + key);
                }
            });
        }
    }

    private void secretKey(String where, String secret, String key) {
        Optional<Secret> rendered = manifests.named(Secret.class, secret);
        Set<String> keys = rendered.map(s -> s.getData() != null ? s.getData().keySet() : s.getStringData().keySet())
                .orElse(expected.externalSecrets().get(secret));
        if (keys == null) {
            violation(where + " reads Secret " + secret + ", which is neither rendered nor one the environment creates");
        } else if (!keys.contains(key)) {
            violation(where + " reads key " + key + " that Secret " + secret + " does not have");
        }
    }

    private void tockContainers() {
        for (Workload w : workloads) {
            for (Container c : w.pod().getContainers()) {
                if (isTock(c)) {
                    tockContainer(w, c);
                }
            }
        }
    }

    private void tockContainer(Workload w, Container c) {
        String where = w.id() + " container " + c.getName();
        if (c.getCommand() != null && !c.getCommand().isEmpty()) {
            violation(where + " overrides the image's entrypoint; give the tock subcommand in args");
        }
        List<String> args = Workload.nullSafe(c.getArgs());
        Map<String, String> env = Workload.environment(c, manifests);
        env.keySet().stream().filter(k -> k.startsWith("TOCK_") && !isSetting(k) && !EXTRA_TOCK_VARIABLES.contains(k))
                .forEach(k -> violation(where + " sets " + k + ", which is no Tock setting"));
        TockConfig config;
        try {
            config = TockConfig.defaults().withEnvironment(plausible(env));
        } catch (ConfigException e) {
            violation(where + ": " + e.getMessage());
            return;
        }
        if (w.kind().equals("Job")) {
            if (!args.equals(List.of("migrate"))) {
                violation(where + " runs " + args + " rather than the migration (args: [migrate])");
            }
            return;
        }
        if (!args.equals(List.of("server"))) {
            violation(where + " runs " + args + " rather than the server (args: [server])");
        }
        if (!env.containsKey("TOCK_ROLES")) {
            violation(where + " does not set TOCK_ROLES");
        }
        if (!"0.0.0.0".equals(config.host())) {
            violation(where + " binds " + config.host() + ", unreachable from outside the pod (TOCK_HOST=0.0.0.0)");
        }
        if (Workload.nullSafe(c.getPorts()).stream().noneMatch(p -> p.getContainerPort() == config.port())) {
            violation(where + " listens on " + config.port() + " but declares no such containerPort");
        }
        annotations(w, config.port());
        gracePeriod(w, c, config.drainGrace());
        rollout(w);
    }

    private static boolean isSetting(String variable) {
        return TockConfig.KEYS.keySet().stream().anyMatch(k -> TockConfig.environmentName(k).equals(variable));
    }

    /** The environment with stand-ins for what only the cluster knows (Secrets, the pod's name). */
    private static Map<String, String> plausible(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        env.forEach((k, v) -> values.put(k, v.startsWith("secret:") || v.startsWith("field:") ? standIn(k) : v));
        return values;
    }

    /** A value of the right shape for a variable the pod reads from a Secret or a field. */
    private static String standIn(String name) {
        return switch (name) {
            case "TOCK_DB_URL" -> "jdbc:postgresql://db:5432/tock";
            case "TOCK_SECRET_KEY" -> java.util.Base64.getEncoder().encodeToString(new byte[32]);
            default -> "stand-in";
        };
    }

    private void annotations(Workload w, int port) {
        Map<String, String> a = w.template().getMetadata().getAnnotations() == null ? Map.of() : w.template().getMetadata().getAnnotations();
        if (!"true".equals(a.get("prometheus.io/scrape")) || !String.valueOf(port).equals(a.get("prometheus.io/port"))
                || !"/metrics".equals(a.get("prometheus.io/path"))) {
            violation(w.id() + " lacks prometheus.io scrape annotations for /metrics on port " + port);
        }
    }

    private void gracePeriod(Workload w, Container c, Duration drainGrace) {
        long grace = Objects.requireNonNullElse(w.pod().getTerminationGracePeriodSeconds(), 30L);
        Duration needed = preStop(c).plus(drainGrace).plus(STOP_MARGIN);
        if (Duration.ofSeconds(grace).compareTo(needed) < 0) {
            violation(w.id() + ": terminationGracePeriodSeconds " + grace + " is shorter than preStop + drain-grace ("
                    + Durations.format(drainGrace) + ") + " + STOP_MARGIN.toSeconds() + " s: running jobs would be SIGKILLed");
        }
    }

    /** How long the preStop hook delays SIGTERM: {@code sleep N} (exec or sleep action), else nothing. */
    static Duration preStop(Container c) {
        var hook = c.getLifecycle() == null ? null : c.getLifecycle().getPreStop();
        if (hook == null) {
            return Duration.ZERO;
        }
        if (hook.getSleep() != null) {
            return Duration.ofSeconds(hook.getSleep().getSeconds());
        }
        List<String> command = hook.getExec() == null ? List.of() : hook.getExec().getCommand();
        Matcher m = Pattern.compile("sleep (\\d+)").matcher(String.join(" ", command));
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : Duration.ZERO;
    }

    private void rollout(Workload w) {
        if (!w.kind().equals("Deployment")) {
            return;
        }
        var strategy = manifests.named(Deployment.class, w.name()).orElseThrow().getSpec().getStrategy();
        IntOrString maxUnavailable = strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getMaxUnavailable();
        boolean zero = maxUnavailable != null && (Integer.valueOf(0).equals(maxUnavailable.getIntVal()) || "0%".equals(maxUnavailable.getStrVal()));
        if (!zero) {
            violation(w.id() + " may lose capacity in a rollout: rollingUpdate.maxUnavailable must be 0");
        }
    }

    /** Whether the container runs Tock's image (whatever registry and tag an overlay gives it). */
    static boolean isTock(Container c) {
        String image = c.getImage().split("[@]")[0];
        String repository = image.contains(":") && image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(0, image.lastIndexOf(':')) : image;
        return repository.equals("tock") || repository.endsWith("/tock");
    }
}

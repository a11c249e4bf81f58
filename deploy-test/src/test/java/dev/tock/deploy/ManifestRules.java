package dev.tock.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The invariants every rendered environment must meet (issue 8, and the mistakes the deployment guides
 * warn about), each a method that adds a readable violation per offending object. {@link #check} runs
 * them all; an empty list means the manifests pass.
 */
final class ManifestRules {
    private static final Pattern TOCK_SERIES = Pattern.compile("\\btock_[a-z_]+");

    /**
     * What an environment's render is checked against.
     *
     * @param namespace where every namespaced object must be
     * @param externalSecrets Secrets created outside the render (from base/secret.template.yaml), by name with their keys
     */
    record Expectations(String namespace, Map<String, Set<String>> externalSecrets) {
    }

    private final Manifests manifests;
    private final Expectations expected;
    private final List<Workload> workloads;
    private final List<String> violations = new ArrayList<>();

    private ManifestRules(Manifests manifests, Expectations expected) {
        this.manifests = manifests;
        this.expected = expected;
        this.workloads = Workload.all(manifests);
    }

    static List<String> check(Manifests manifests, Expectations expected) {
        ManifestRules rules = new ManifestRules(manifests, expected);
        rules.namespaces();
        rules.workloadSelectors();
        rules.services();
        rules.statefulSetsHaveHeadlessServices();
        new PodRules(manifests, expected, rules.workloads, rules::violation).check();
        rules.disruptionBudgets();
        rules.networkPolicies();
        rules.rbac();
        rules.autoscalers();
        rules.serviceMonitors();
        rules.prometheusRules();
        rules.migrationJobs();
        return List.copyOf(rules.violations);
    }

    private void violation(String what) {
        violations.add(what);
    }

    private void namespaces() {
        for (HasMetadata o : manifests.all()) {
            if (o instanceof Namespace) {
                continue;
            }
            if (!expected.namespace().equals(o.getMetadata().getNamespace())) {
                violation(o.getKind() + " " + o.getMetadata().getName() + " is in namespace " + o.getMetadata().getNamespace()
                        + ", not " + expected.namespace());
            }
        }
        Optional<Namespace> ns = manifests.named(Namespace.class, expected.namespace());
        if (ns.isEmpty()) {
            violation("no Namespace " + expected.namespace() + " is rendered");
        } else if (!"restricted".equals(labels(ns.get()).get("pod-security.kubernetes.io/enforce"))) {
            violation("Namespace " + expected.namespace() + " does not enforce the restricted Pod Security Standard");
        }
    }

    private void workloadSelectors() {
        for (Workload w : workloads) {
            w.selector().ifPresent(selector -> {
                if (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
                    violation(w.id() + " has an empty selector");
                } else if (!Workload.matches(selector, w.labels())) {
                    violation(w.id() + "'s selector " + selector.getMatchLabels() + " does not match its pod labels " + w.labels());
                }
            });
            if (w.longRunning() && w.selector().isEmpty()) {
                violation(w.id() + " has no selector");
            }
        }
    }

    private void services() {
        for (Service s : manifests.all(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                violation("Service " + name(s) + " has no selector");
                continue;
            }
            List<Workload> backends = podsSelectedBy(new LabelSelector(null, selector), namespace(s));
            if (backends.isEmpty()) {
                violation("Service " + name(s) + " selects no pods: no pod template has labels " + selector);
            }
            for (var port : s.getSpec().getPorts()) {
                for (Workload w : backends) {
                    if (!w.exposes(port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort())) {
                        violation("Service " + name(s) + " targets port " + port.getTargetPort() + " that " + w.id() + " does not expose");
                    }
                }
            }
        }
    }

    private void statefulSetsHaveHeadlessServices() {
        for (StatefulSet set : manifests.all(StatefulSet.class)) {
            String serviceName = set.getSpec().getServiceName();
            Workload w = workload("StatefulSet", name(set));
            Optional<Service> governing = manifests.named(Service.class, serviceName == null ? "" : serviceName);
            if (governing.isEmpty()) {
                violation("StatefulSet " + name(set) + "'s serviceName " + serviceName + " is not a rendered Service");
                continue;
            }
            Service headless = governing.get();
            if (!"None".equals(headless.getSpec().getClusterIP())) {
                violation("StatefulSet " + name(set) + "'s serviceName " + serviceName + " is not headless (clusterIP: None)");
            }
            if (headless.getSpec().getType() != null && !headless.getSpec().getType().equals("ClusterIP")) {
                violation("headless Service " + serviceName + " has type " + headless.getSpec().getType());
            }
            if (!Workload.matches(new LabelSelector(null, headless.getSpec().getSelector()), w.labels())) {
                violation("headless Service " + serviceName + " does not select StatefulSet " + name(set) + "'s pods");
            }
            boolean clientService = manifests.all(Service.class).stream()
                    .filter(s -> !"None".equals(s.getSpec().getClusterIP()))
                    .anyMatch(s -> Workload.matches(new LabelSelector(null, s.getSpec().getSelector()), w.labels()));
            if (!clientService) {
                violation("StatefulSet " + name(set) + " has no ClusterIP Service for its clients");
            }
            if (Workload.nullSafe(set.getSpec().getVolumeClaimTemplates()).isEmpty()) {
                violation("StatefulSet " + name(set) + " has no volumeClaimTemplates: its data would not outlive the pod");
            }
        }
    }









    private void disruptionBudgets() {
        for (PodDisruptionBudget pdb : manifests.all(PodDisruptionBudget.class)) {
            List<Workload> selected = podsSelectedBy(pdb.getSpec().getSelector(), namespace(pdb));
            if (selected.isEmpty()) {
                violation("PodDisruptionBudget " + name(pdb) + " selects no pods");
            }
            for (Workload w : selected) {
                int replicas = minimumReplicas(w);
                if (evictable(pdb, replicas) < 1) {
                    violation("PodDisruptionBudget " + name(pdb) + " lets no pod of " + w.id() + " (" + replicas
                            + " replicas) be evicted: node drains would block");
                }
            }
        }
    }

    private static int evictable(PodDisruptionBudget pdb, int replicas) {
        IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
        IntOrString minAvailable = pdb.getSpec().getMinAvailable();
        if (maxUnavailable != null) {
            return Math.min(replicas, scaled(maxUnavailable, replicas));
        }
        return minAvailable == null ? replicas : replicas - scaled(minAvailable, replicas);
    }

    /** An integer, or a percentage of {@code replicas} rounded up (as the disruption controller does). */
    private static int scaled(IntOrString value, int replicas) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        int percent = Integer.parseInt(value.getStrVal().replace("%", ""));
        return (int) Math.ceil(percent * replicas / 100.0);
    }

    /** The fewest pods a workload runs: its autoscaler's minimum, else its replicas (1 when unset). */
    private int minimumReplicas(Workload w) {
        Optional<Integer> autoscaled = autoscalerMinimum(w.name());
        return autoscaled.orElse(w.replicas().orElse(1));
    }

    private Optional<Integer> autoscalerMinimum(String deployment) {
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
            if (hpa.getSpec().getScaleTargetRef().getName().equals(deployment)) {
                return Optional.of(Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1));
            }
        }
        for (GenericKubernetesResource so : manifests.custom(Manifests.SCALED_OBJECT)) {
            if (deployment.equals(CustomResources.at(so, "spec.scaleTargetRef.name"))) {
                Object min = CustomResources.at(so, "spec.minReplicaCount");
                return Optional.of(min == null ? 0 : ((Number) min).intValue());
            }
        }
        return Optional.empty();
    }



    private void networkPolicies() {
        List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(p -> isEmpty(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && Workload.nullSafe(p.getSpec().getIngress()).isEmpty() && Workload.nullSafe(p.getSpec().getEgress()).isEmpty());
        if (!defaultDeny) {
            violation("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
        }
        for (NetworkPolicy p : policies) {
            List<Workload> selected = podsSelectedBy(p.getSpec().getPodSelector(), namespace(p));
            if (selected.isEmpty()) {
                violation("NetworkPolicy " + name(p) + " selects no pods");
            }
            for (NetworkPolicyIngressRule rule : Workload.nullSafe(p.getSpec().getIngress())) {
                peers(p, rule.getFrom());
                if (Workload.nullSafe(rule.getFrom()).isEmpty()) {
                    selected.stream().filter(w -> !"api".equals(w.labels().get("app.kubernetes.io/component")))
                            .forEach(w -> violation("NetworkPolicy " + name(p) + " opens " + w.id() + " to any source; only the API is"));
                }
            }
            for (NetworkPolicyEgressRule rule : Workload.nullSafe(p.getSpec().getEgress())) {
                peers(p, rule.getTo());
            }
        }
        for (Workload w : workloads) {
            if (PodRules.isTock(w.pod().getContainers().get(0))) {
                egressAllowed(w, 53, "UDP");
                egressAllowed(w, 53, "TCP");
                egressAllowed(w, 5432, "TCP");
            }
        }
    }

    /** Peers naming pods of this namespace (podSelector without namespaceSelector) must name existing ones. */
    private void peers(NetworkPolicy p, List<NetworkPolicyPeer> peers) {
        for (NetworkPolicyPeer peer : Workload.nullSafe(peers)) {
            if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                    && podsSelectedBy(peer.getPodSelector(), namespace(p)).isEmpty()) {
                violation("NetworkPolicy " + name(p) + " names peer pods " + peer.getPodSelector().getMatchLabels() + " that do not exist");
            }
        }
    }

    private void egressAllowed(Workload w, int port, String protocol) {
        boolean allowed = manifests.all(NetworkPolicy.class).stream()
                .filter(p -> w.selectedBy(p.getSpec().getPodSelector(), namespace(p)))
                .flatMap(p -> Workload.nullSafe(p.getSpec().getEgress()).stream())
                .anyMatch(rule -> Workload.nullSafe(rule.getPorts()).isEmpty()
                        || rule.getPorts().stream().anyMatch(np -> allows(np, port, protocol)));
        if (!allowed) {
            violation(w.id() + " may not send to port " + port + "/" + protocol);
        }
    }

    private static boolean allows(NetworkPolicyPort np, int port, String protocol) {
        String p = np.getProtocol() == null ? "TCP" : np.getProtocol();
        return p.equals(protocol) && (np.getPort() == null || Integer.valueOf(port).equals(np.getPort().getIntVal()));
    }









    private void rbac() {
        Optional<ServiceAccount> tock = manifests.named(ServiceAccount.class, "tock");
        if (tock.isEmpty() || !Boolean.FALSE.equals(tock.get().getAutomountServiceAccountToken())) {
            violation("ServiceAccount tock is missing or mounts its token");
        }
        for (Workload w : workloads) {
            String account = w.pod().getServiceAccountName();
            if (account != null && manifests.named(ServiceAccount.class, account).isEmpty()) {
                violation(w.id() + " runs as ServiceAccount " + account + ", which is not rendered");
            }
            if (PodRules.isTock(w.pod().getContainers().get(0)) && !"tock".equals(account)) {
                violation(w.id() + " runs as ServiceAccount " + account + " instead of tock");
            }
            if (!Boolean.FALSE.equals(w.pod().getAutomountServiceAccountToken()) && !granted(account)) {
                violation(w.id() + " mounts a ServiceAccount token it never uses");
            }
        }
        for (Role role : manifests.all(Role.class)) {
            for (PolicyRule rule : Workload.nullSafe(role.getRules())) {
                if (Workload.nullSafe(rule.getResources()).stream().anyMatch(r -> r.equals("*") || r.equals("secrets"))
                        || Workload.nullSafe(rule.getVerbs()).contains("*")) {
                    violation("Role " + name(role) + " grants wildcards or Secrets: " + rule.getResources() + " " + rule.getVerbs());
                }
                leastPrivilege(role, rule);
            }
        }
        for (RoleBinding binding : manifests.all(RoleBinding.class)) {
            if (manifests.named(Role.class, binding.getRoleRef().getName()).isEmpty()) {
                violation("RoleBinding " + name(binding) + " refers to Role " + binding.getRoleRef().getName() + ", not rendered");
            }
            for (var subject : binding.getSubjects()) {
                if (!namespace(binding).equals(subject.getNamespace()) || manifests.named(ServiceAccount.class, subject.getName()).isEmpty()) {
                    violation("RoleBinding " + name(binding) + " binds " + subject.getNamespace() + "/" + subject.getName()
                            + ", not a ServiceAccount of this namespace");
                }
            }
        }
    }

    /**
     * What Tock may be granted at most: the Kubernetes executor's Jobs (create, read, watch, delete) and the
     * pods and logs they leave (read, watch). Anything else is more than a Tock node calls.
     */
    private static final Map<String, Set<String>> EXECUTOR_GRANTS = Map.of(
            "batch/jobs", Set.of("create", "get", "list", "watch", "delete"),
            "/pods", Set.of("get", "list", "watch"),
            "/pods/log", Set.of("get", "list", "watch"));

    private void leastPrivilege(Role role, PolicyRule rule) {
        for (String group : Workload.nullSafe(rule.getApiGroups())) {
            for (String resource : Workload.nullSafe(rule.getResources())) {
                Set<String> allowed = EXECUTOR_GRANTS.getOrDefault(group + "/" + resource, Set.of());
                Workload.nullSafe(rule.getVerbs()).stream().filter(v -> !allowed.contains(v)).forEach(v ->
                        violation("Role " + name(role) + " grants " + v + " on " + (group.isEmpty() ? "" : group + "/") + resource
                                + ", more than the Kubernetes executor needs"));
            }
        }
    }

    /** Whether a RoleBinding grants the ServiceAccount at least one rule: only then may its token be mounted. */
    private boolean granted(String account) {
        return account != null && manifests.all(RoleBinding.class).stream()
                .filter(b -> Workload.nullSafe(b.getSubjects()).stream().anyMatch(s -> account.equals(s.getName())))
                .map(b -> manifests.named(Role.class, b.getRoleRef().getName()))
                .anyMatch(r -> r.isPresent() && !Workload.nullSafe(r.get().getRules()).isEmpty());
    }

    private void autoscalers() {
        Map<String, Integer> scalersPerTarget = new HashMap<>();
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
            scalersPerTarget.merge(hpa.getSpec().getScaleTargetRef().getName(), 1, Integer::sum);
        }
        for (GenericKubernetesResource so : manifests.custom(Manifests.SCALED_OBJECT)) {
            scalersPerTarget.merge(String.valueOf(CustomResources.at(so, "spec.scaleTargetRef.name")), 1, Integer::sum);
            scaledObject(so);
        }
        scalersPerTarget.forEach((target, count) -> {
            Optional<Deployment> d = manifests.named(Deployment.class, target);
            if (d.isEmpty()) {
                violation("an autoscaler targets Deployment " + target + ", which is not rendered");
            } else if (count > 1) {
                violation("Deployment " + target + " has " + count + " autoscalers; they would fight");
            } else if (d.get().getSpec().getReplicas() != null) {
                violation("Deployment " + target + " is autoscaled but sets replicas: every apply would reset the scale");
            }
        });
    }

    private void scaledObject(GenericKubernetesResource so) {
        Object triggers = CustomResources.at(so, "spec.triggers");
        boolean queueDepth = triggers instanceof List<?> list && list.stream().map(Map.class::cast)
                .anyMatch(t -> "prometheus".equals(t.get("type"))
                        && String.valueOf(((Map<?, ?>) t.get("metadata")).get("query")).contains("tock_queue_depth"));
        if (!queueDepth) {
            violation("ScaledObject " + name(so) + " does not scale on Tock's queue depth (a prometheus trigger on tock_queue_depth)");
        }
    }

    /** Alert and recording rules: each has a name and an expression, and every tock_ series it reads is one Tock exports. */
    private void prometheusRules() {
        for (GenericKubernetesResource pr : manifests.custom(Manifests.PROMETHEUS_RULE)) {
            Object groups = CustomResources.at(pr, "spec.groups");
            for (Object group : groups instanceof List<?> list ? list : List.of()) {
                Object rules = ((Map<?, ?>) group).get("rules");
                for (Object rule : rules instanceof List<?> list ? list : List.of()) {
                    prometheusRule(name(pr), (Map<?, ?>) rule);
                }
            }
        }
    }

    private void prometheusRule(String resource, Map<?, ?> rule) {
        Object name = rule.get("alert") != null ? rule.get("alert") : rule.get("record");
        String where = "PrometheusRule " + resource + " rule " + name;
        if (name == null || rule.get("expr") == null || String.valueOf(rule.get("expr")).isBlank()) {
            violation(where + " needs a name (alert or record) and an expr");
            return;
        }
        Matcher series = TOCK_SERIES.matcher(String.valueOf(rule.get("expr")));
        while (series.find()) {
            if (!ExportedMetrics.labels().contains(series.group())
                    && !ExportedMetrics.names().contains(ExportedMetrics.family(series.group()))) {
                violation(where + " reads " + series.group() + ", which Tock does not export (docs/api.md lists what it does)");
            }
        }
        if (rule.get("alert") != null && !(rule.get("labels") instanceof Map<?, ?> labels && labels.containsKey("severity"))) {
            violation(where + " has no severity label");
        }
    }

    private void serviceMonitors() {
        for (GenericKubernetesResource sm : manifests.custom(Manifests.SERVICE_MONITOR)) {
            @SuppressWarnings("unchecked")
            Map<String, String> wanted = (Map<String, String>) CustomResources.at(sm, "spec.selector.matchLabels");
            List<Service> selected = manifests.all(Service.class).stream()
                    .filter(s -> Workload.matches(new LabelSelector(null, wanted), labels(s))).toList();
            if (selected.isEmpty()) {
                violation("ServiceMonitor " + name(sm) + " selects no Service");
            }
            for (Object endpoint : (List<?>) CustomResources.at(sm, "spec.endpoints")) {
                Object port = ((Map<?, ?>) endpoint).get("port");
                selected.stream().filter(s -> s.getSpec().getPorts().stream().noneMatch(p -> Objects.equals(p.getName(), port)))
                        .forEach(s -> violation("ServiceMonitor " + name(sm) + " scrapes port " + port + ", which Service " + name(s) + " lacks"));
            }
        }
    }

    private void migrationJobs() {
        for (Job job : manifests.all(Job.class)) {
            var spec = job.getSpec();
            if (spec.getBackoffLimit() == null || spec.getActiveDeadlineSeconds() == null || spec.getTtlSecondsAfterFinished() == null) {
                violation("Job " + name(job) + " needs backoffLimit, activeDeadlineSeconds and ttlSecondsAfterFinished");
            }
            String restart = spec.getTemplate().getSpec().getRestartPolicy();
            if (!"Never".equals(restart) && !"OnFailure".equals(restart)) {
                violation("Job " + name(job) + " has restartPolicy " + restart);
            }
        }
    }

    private List<Workload> podsSelectedBy(LabelSelector selector, String namespace) {
        return workloads.stream().filter(w -> w.selectedBy(selector, namespace)).toList();
    }

    private Workload workload(String kind, String name) {
        return workloads.stream().filter(w -> w.kind().equals(kind) && w.name().equals(name)).findFirst().orElseThrow();
    }




    private static boolean isEmpty(LabelSelector s) {
        return s == null || (Workload.nullSafe(s.getMatchExpressions()).isEmpty() && (s.getMatchLabels() == null || s.getMatchLabels().isEmpty()));
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    private static String namespace(HasMetadata o) {
        return o.getMetadata().getNamespace();
    }
}

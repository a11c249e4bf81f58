package dev.tock.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each overlay with kustomize, parses every object strictly with the Kubernetes model, and
 * checks the invariants of {@link ManifestRules}; then what is particular to each environment; then
 * that the rules do catch the mistakes they are for.
 */
class KubernetesManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "production"})
    void everyOverlayRendersStrictlyAndMeetsEveryInvariant(String overlay) {
        Manifests manifests = Overlays.manifests(overlay);
        assertThat(manifests.all()).hasSizeGreaterThan(10);
        assertThat(ManifestRules.check(manifests, Overlays.expectations(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "production"})
    void theApiAndSchedulerRunApartFromTheWorkersAndOnlyTheApiGetsTheAdminToken(String overlay) {
        Manifests manifests = Overlays.manifests(overlay);
        Map<String, String> api = environment(manifests, "tock-api");
        Map<String, String> worker = environment(manifests, "tock-worker");
        assertThat(api).containsEntry("TOCK_ROLES", "api,scheduler").containsKey("TOCK_ADMIN_TOKEN");
        assertThat(worker).containsEntry("TOCK_ROLES", "worker").doesNotContainKey("TOCK_ADMIN_TOKEN");
        assertThat(api.get("TOCK_NODE_ID")).isEqualTo("field:metadata.name");
    }

    @Test
    void devRunsOneOfEachAgainstAPostgresStatefulSetReachedThroughItsClusterIpService() {
        Manifests dev = Overlays.manifests("dev");
        assertThat(dev.named(Deployment.class, "tock-api").orElseThrow().getSpec().getReplicas()).isEqualTo(1);
        assertThat(dev.named(Deployment.class, "tock-worker").orElseThrow().getSpec().getReplicas()).isEqualTo(1);
        StatefulSet postgres = dev.named(StatefulSet.class, "postgres").orElseThrow();
        assertThat(postgres.getSpec().getServiceName()).isEqualTo("postgres-headless");
        assertThat(dev.named(Service.class, "postgres").orElseThrow().getSpec().getClusterIP()).isNull();
        assertThat(dev.custom(Manifests.SERVICE_MONITOR)).as("no Prometheus Operator CRD on a local cluster").isEmpty();
        Secret secret = dev.all(Secret.class).stream().filter(s -> s.getMetadata().getName().startsWith("tock-secrets")).findFirst().orElseThrow();
        String dbUrl = new String(Base64.getMimeDecoder().decode(secret.getData().get("db-url")), StandardCharsets.UTF_8);
        assertThat(dbUrl).as("clients use the ClusterIP Service, not the headless one or a pod's name")
                .startsWith("jdbc:postgresql://postgres:5432/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void sharedEnvironmentsShipNoSecretValuesButAServiceMonitorAndAtLeastTwoOfEach(String overlay) {
        Manifests manifests = Overlays.manifests(overlay);
        assertThat(manifests.all(Secret.class)).as("a rendered Secret would overwrite the real one on every apply").isEmpty();
        assertThat(manifests.custom(Manifests.SERVICE_MONITOR)).hasSize(1);
        for (String name : List.of("tock-api", "tock-worker")) {
            Deployment d = manifests.named(Deployment.class, name).orElseThrow();
            int least = d.getSpec().getReplicas() != null ? d.getSpec().getReplicas() : autoscalerMinimum(manifests, name);
            assertThat(least).as(name + " replicas").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void productionScalesTheApiOnCpuAndTheWorkersOnQueueDepthAcrossZones() {
        Manifests production = Overlays.manifests("production");
        HorizontalPodAutoscaler hpa = production.named(HorizontalPodAutoscaler.class, "tock-api").orElseThrow();
        assertThat(hpa.getSpec().getMetrics()).anyMatch(m -> m.getResource() != null && m.getResource().getName().equals("cpu"));
        GenericKubernetesResource scaled = production.custom(Manifests.SCALED_OBJECT).get(0);
        assertThat(CustomResources.at(scaled, "spec.scaleTargetRef.name")).isEqualTo("tock-worker");
        for (String name : List.of("tock-api", "tock-worker")) {
            var pod = production.named(Deployment.class, name).orElseThrow().getSpec().getTemplate();
            assertThat(pod.getSpec().getTopologySpreadConstraints())
                    .anyMatch(t -> t.getTopologyKey().equals("topology.kubernetes.io/zone")
                            && Workload.matches(t.getLabelSelector(), pod.getMetadata().getLabels()));
            assertThat(pod.getSpec().getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                    .anyMatch(t -> t.getPodAffinityTerm().getTopologyKey().equals("topology.kubernetes.io/zone")
                            && Workload.matches(t.getPodAffinityTerm().getLabelSelector(), pod.getMetadata().getLabels()));
            assertThat(pod.getSpec().getContainers().get(0).getImage()).matches("[a-z0-9.-]+/[a-z0-9/._-]+:[0-9][0-9A-Za-z._-]*");
        }
    }

    @Test
    void theRulesCatchTheMistakesTheyAreFor() {
        assertCaught(m -> {
            pdb(m, "tock-api").getSpec().setMaxUnavailable(null);
            pdb(m, "tock-api").getSpec().setMinAvailable(new IntOrString(1));
        }, "PodDisruptionBudget tock-api lets no pod of Deployment tock-api (1 replicas) be evicted");
        assertCaught(m -> m.named(StatefulSet.class, "postgres").orElseThrow().getSpec().setServiceName("postgres"), "is not headless");
        assertCaught(m -> tock(m, "tock-api").getEnv().stream().filter(e -> e.getName().equals("TOCK_DB_URL")).findFirst().orElseThrow()
                .setValueFrom(null), "sets TOCK_DB_URL other than from a Secret");
        assertCaught(m -> deployment(m, "tock-worker").getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(30L),
                "shorter than preStop + drain-grace");
        assertCaught(m -> m.named(Service.class, "tock-api").orElseThrow().getSpec().setSelector(Map.of("app", "tock")), "selects no pods");
        assertCaught(m -> m.named(NetworkPolicy.class, "tock-api-ingress").orElseThrow().getSpec()
                .setPodSelector(new LabelSelector(null, Map.of("app", "api"))), "NetworkPolicy tock-api-ingress selects no pods");
        assertCaught(m -> tock(m, "tock-api").setImage("tock:latest"), "without a pinned tag");
        assertCaught(m -> tock(m, "tock-worker").setReadinessProbe(null), "has no readiness probe");
        assertCaught(m -> tock(m, "tock-worker").getSecurityContext().setReadOnlyRootFilesystem(false), "read-only root filesystem");
        assertCaught(m -> tock(m, "tock-api").getEnv().stream().filter(e -> e.getName().equals("TOCK_DRAIN_GRACE")).findFirst().orElseThrow()
                .setName("TOCK_DRAIN_GRACE_PERIOD"), "TOCK_DRAIN_GRACE_PERIOD, which is no Tock setting");
        assertCaught(m -> deployment(m, "tock-api").getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString(1)),
                "maxUnavailable must be 0");
        assertCaught(m -> deployment(m, "tock-api").getSpec().getSelector().setMatchLabels(Map.of("app.kubernetes.io/name", "other")),
                "does not match its pod labels");
        assertCaught(m -> m.named(io.fabric8.kubernetes.api.model.rbac.Role.class, "tock").orElseThrow().getRules()
                .add(new io.fabric8.kubernetes.api.model.rbac.PolicyRule(List.of("batch"), null, null, List.of("jobs"), List.of("patch"))),
                "grants patch on batch/jobs, more than the Kubernetes executor needs");
        assertCaught("staging", m -> deployment(m, "tock-worker").getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(true),
                "mounts a ServiceAccount token it never uses");
        assertCaught("production", m -> deployment(m, "tock-worker").getSpec().setReplicas(3), "is autoscaled but sets replicas");
        assertCaught("production", m -> m.named(HorizontalPodAutoscaler.class, "tock-api").orElseThrow().getSpec().getScaleTargetRef()
                .setName("tock-worker"), "Deployment tock-worker has 2 autoscalers");
        assertCaught("production", m -> firstAlertRule(m).put("expr", "max(tock_schedule_last_sucess_time_seconds) > 0"),
                "reads tock_schedule_last_sucess_time_seconds, which Tock does not export");
        assertCaught("production", m -> firstAlertRule(m).remove("labels"), "has no severity label");
    }

    @Test
    void theKubernetesExecutorComponentGrantsItsJobsAndPodsInItsOwnNamespaceOnly() {
        Manifests dev = Manifests.parse(withKubernetesExecutor("dev"));
        assertThat(ManifestRules.check(dev, Overlays.expectations("dev"))).isEmpty();
        var role = dev.named(io.fabric8.kubernetes.api.model.rbac.Role.class, "tock-kubernetes-executor").orElseThrow();
        assertThat(role.getRules()).extracting(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs()).containsExactly(
                "[batch] [jobs] [create, get, list, watch, delete]", "[] [pods, pods/log] [get, list, watch]");
        var binding = dev.named(io.fabric8.kubernetes.api.model.rbac.RoleBinding.class, "tock-kubernetes-executor").orElseThrow();
        assertThat(binding.getSubjects()).extracting(s -> s.getNamespace() + "/" + s.getName()).containsExactly("tock-dev/tock");
        for (String d : List.of("tock-api", "tock-worker")) {
            assertThat(deployment(dev, d).getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
            assertThat(environment(dev, d)).containsEntry("TOCK_KUBERNETES_EXECUTOR_ENABLED", "true")
                    .containsEntry("TOCK_KUBERNETES_EXECUTOR_NAMESPACES", "field:metadata.namespace");
        }

        // The rules hold the component to least privilege.
        dev.named(io.fabric8.kubernetes.api.model.rbac.Role.class, "tock-kubernetes-executor").orElseThrow().getRules()
                .get(1).getVerbs().add("delete");
        assertThat(ManifestRules.check(dev, Overlays.expectations("dev")))
                .anyMatch(v -> v.contains("grants delete on pods, more than the Kubernetes executor needs"));

        // The overlays as they are grant nothing and mount no token.
        for (String overlay : Overlays.NAMESPACES.keySet()) {
            Manifests plain = Overlays.manifests(overlay);
            assertThat(plain.all(io.fabric8.kubernetes.api.model.rbac.Role.class)).allMatch(r -> Workload.nullSafe(r.getRules()).isEmpty());
            assertThat(deployment(plain, "tock-worker").getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        }
    }

    /**
     * {@code overlays/NAME} with the kubernetes-executor component, as an operator adds it, rendered from a
     * kustomization under target/. Components need kustomize v3.7+: with an older one the test is skipped.
     */
    private static String withKubernetesExecutor(String overlay) {
        java.nio.file.Path dir = Repo.root().resolve("deploy-test/target/with-kubernetes-executor-" + overlay);
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    namespace: %s
                    resources:
                      - ../../../deploy/kubernetes/overlays/%s
                    components:
                      - ../../../deploy/kubernetes/components/kubernetes-executor
                    """.formatted(Overlays.NAMESPACES.get(overlay), overlay));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            return Kustomize.render(dir);
        } catch (AssertionError e) {
            org.junit.jupiter.api.Assumptions.assumeFalse(String.valueOf(e.getMessage()).contains("components"),
                    "this kustomize predates components (v3.7): " + e.getMessage());
            throw e;
        }
    }

    @Test
    void aMisplacedFieldFailsTheStrictParse() {
        String yaml = Overlays.yaml("dev").replaceFirst("\n( +)readinessProbe:", "\n$1readynessProbe:");
        assertThatThrownBy(() -> Manifests.parse(yaml)).hasMessageContaining("unknown field spec.template.spec.containers[0].readynessProbe");
        String scaled = Overlays.yaml("production").replace("minReplicaCount:", "minReplicas:");
        assertThatThrownBy(() -> Manifests.parse(scaled)).hasMessageContaining("unknown field spec.minReplicas");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstAlertRule(Manifests m) {
        var rule = m.custom(Manifests.PROMETHEUS_RULE).get(0);
        var groups = (java.util.List<Map<String, Object>>) CustomResources.at(rule, "spec.groups");
        return ((java.util.List<Map<String, Object>>) groups.get(0).get("rules")).get(0);
    }

    @Test
    void productionShipsAlertRulesOnTheSeriesTockExports() {
        var rules = Overlays.manifests("production").custom(Manifests.PROMETHEUS_RULE);
        assertThat(rules).hasSize(1);
        assertThat(Overlays.manifests("dev").custom(Manifests.PROMETHEUS_RULE)).as("dev has no Prometheus Operator").isEmpty();
        assertThat(ExportedMetrics.names()).contains("tock_queue_depth", "tock_schedule_last_success_time_seconds");
    }

    private static void assertCaught(Consumer<Manifests> mistake, String violation) {
        assertCaught("dev", mistake, violation);
    }

    private static void assertCaught(String overlay, Consumer<Manifests> mistake, String violation) {
        Manifests manifests = Overlays.manifests(overlay);
        mistake.accept(manifests);
        assertThat(ManifestRules.check(manifests, Overlays.expectations(overlay))).anyMatch(v -> v.contains(violation));
    }

    private static Map<String, String> environment(Manifests manifests, String deployment) {
        return Workload.environment(tock(manifests, deployment), manifests);
    }

    private static Deployment deployment(Manifests manifests, String name) {
        return manifests.named(Deployment.class, name).orElseThrow();
    }

    private static Container tock(Manifests manifests, String deployment) {
        return deployment(manifests, deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static PodDisruptionBudget pdb(Manifests manifests, String name) {
        return manifests.named(PodDisruptionBudget.class, name).orElseThrow();
    }

    private static int autoscalerMinimum(Manifests manifests, String deployment) {
        return manifests.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(deployment))
                .map(h -> h.getSpec().getMinReplicas()).findFirst()
                .orElseGet(() -> manifests.custom(Manifests.SCALED_OBJECT).stream()
                        .filter(s -> deployment.equals(CustomResources.at(s, "spec.scaleTargetRef.name")))
                        .map(s -> ((Number) CustomResources.at(s, "spec.minReplicaCount")).intValue()).findFirst().orElse(0));
    }
}

package dev.tock.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Anything that makes pods (Deployment, StatefulSet, Job), seen through its pod template.
 *
 * @param selector the workload's label selector; empty for a Job, whose selector the API server generates
 * @param replicas the declared replica count; empty when the manifest leaves it to an autoscaler
 */
record Workload(String kind, String name, String namespace, Optional<LabelSelector> selector, PodTemplateSpec template,
                Optional<Integer> replicas) {

    static List<Workload> all(Manifests manifests) {
        return Stream.of(
                manifests.all(Deployment.class).stream().map(d -> new Workload("Deployment", d.getMetadata().getName(),
                        d.getMetadata().getNamespace(), Optional.ofNullable(d.getSpec().getSelector()), d.getSpec().getTemplate(),
                        Optional.ofNullable(d.getSpec().getReplicas()))),
                manifests.all(StatefulSet.class).stream().map(s -> new Workload("StatefulSet", s.getMetadata().getName(),
                        s.getMetadata().getNamespace(), Optional.ofNullable(s.getSpec().getSelector()), s.getSpec().getTemplate(),
                        Optional.ofNullable(s.getSpec().getReplicas()))),
                manifests.all(Job.class).stream().map(j -> new Workload("Job", j.getMetadata().getName(),
                        j.getMetadata().getNamespace(), Optional.empty(), j.getSpec().getTemplate(), Optional.of(1))))
                .flatMap(s -> s).toList();
    }

    String id() {
        return kind + " " + name;
    }

    PodSpec pod() {
        return template.getSpec();
    }

    Map<String, String> labels() {
        Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** Whether this workload's pods run for good (and so need probes), unlike a Job's. */
    boolean longRunning() {
        return !kind.equals("Job");
    }

    List<Container> allContainers() {
        List<Container> all = new ArrayList<>(pod().getContainers());
        if (pod().getInitContainers() != null) {
            all.addAll(pod().getInitContainers());
        }
        return all;
    }

    /** Whether the pods of this workload, in {@code namespace}, carry labels that {@code selector} selects. */
    boolean selectedBy(LabelSelector selector, String selectorNamespace) {
        return namespace.equals(selectorNamespace) && matches(selector, labels());
    }

    /** Kubernetes' label selector semantics; an empty selector selects everything. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        boolean labelsMatch = wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        return labelsMatch && expressions.stream().allMatch(r -> matches(r, labels));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
        };
    }

    /**
     * The container's environment as the kubelet assembles it: ConfigMaps named in envFrom first, then
     * env entries, later ones winning. Values from Secrets and the downward API appear as
     * {@code secret:NAME/KEY} and {@code field:PATH}; a missing ConfigMap or key is an error.
     */
    static Map<String, String> environment(Container container, Manifests manifests) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                env.putAll(configMap(manifests, from.getConfigMapRef().getName()).getData());
            }
            if (from.getSecretRef() != null) {
                throw new AssertionError(container.getName() + ": envFrom a whole Secret; name each key with secretKeyRef");
            }
        }
        for (EnvVar var : nullSafe(container.getEnv())) {
            env.put(var.getName(), valueOf(var, manifests));
        }
        return env;
    }

    private static String valueOf(EnvVar var, Manifests manifests) {
        if (var.getValueFrom() == null) {
            return var.getValue() == null ? "" : var.getValue();
        }
        var from = var.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            return "secret:" + from.getSecretKeyRef().getName() + "/" + from.getSecretKeyRef().getKey();
        }
        if (from.getConfigMapKeyRef() != null) {
            String value = configMap(manifests, from.getConfigMapKeyRef().getName()).getData().get(from.getConfigMapKeyRef().getKey());
            if (value == null) {
                throw new AssertionError(var.getName() + ": ConfigMap " + from.getConfigMapKeyRef().getName() + " has no key "
                        + from.getConfigMapKeyRef().getKey());
            }
            return value;
        }
        if (from.getFieldRef() != null) {
            return "field:" + from.getFieldRef().getFieldPath();
        }
        throw new AssertionError(var.getName() + ": a value source this test does not know");
    }

    private static ConfigMap configMap(Manifests manifests, String name) {
        return manifests.named(ConfigMap.class, name)
                .orElseThrow(() -> new AssertionError("ConfigMap " + name + " is referenced but not rendered"));
    }

    /** Whether a container of the pod exposes {@code port}, by name or number. */
    boolean exposes(IntOrString port) {
        return pod().getContainers().stream().flatMap(c -> nullSafe(c.getPorts()).stream())
                .anyMatch(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName()) : port.getIntVal().equals(p.getContainerPort()));
    }

    static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}

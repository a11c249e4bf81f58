package dev.tock.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rendered set of Kubernetes objects, each read into its fabric8 model class: only the kinds Tock's
 * deployment uses, only their stable API versions, and no field the model does not know
 * ({@link StrictModel}). The two custom resources, ServiceMonitor and ScaledObject, have no fabric8
 * model; {@link CustomResources} checks their fields against the operators' documented schema instead.
 */
final class Manifests {
    static final String SERVICE_MONITOR = "monitoring.coreos.com/v1/ServiceMonitor";
    static final String SCALED_OBJECT = "keda.sh/v1alpha1/ScaledObject";
    static final String PROMETHEUS_RULE = "monitoring.coreos.com/v1/PrometheusRule";

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry(SERVICE_MONITOR, GenericKubernetesResource.class),
            Map.entry(SCALED_OBJECT, GenericKubernetesResource.class),
            Map.entry(PROMETHEUS_RULE, GenericKubernetesResource.class));

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private final List<HasMetadata> objects;

    private Manifests(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    /** Parses kustomize output; any unknown kind, version or field fails with every problem listed. */
    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode document : documents(yaml)) {
            if (document != null && !document.isNull() && !document.isEmpty()) {
                read(document, problems).ifPresent(objects::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the rendered manifests are not strictly valid:\n  " + String.join("\n  ", problems));
        }
        return new Manifests(objects);
    }

    private static List<JsonNode> documents(String yaml) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            return docs.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("the rendered YAML does not parse", e);
        }
    }

    private static Optional<HasMetadata> read(JsonNode document, List<String> problems) {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        String where = type + " " + document.path("metadata").path("name").asText("(no name)");
        Class<? extends HasMetadata> model = KINDS.get(type);
        if (model == null) {
            problems.add(where + ": not a kind and version Tock's deployment uses");
            return Optional.empty();
        }
        try {
            HasMetadata object = YAML.treeToValue(document, model);
            if (object instanceof GenericKubernetesResource custom) {
                StrictModel.unknownFields(custom.getMetadata()).forEach(field -> problems.add(where + ": unknown field metadata." + field));
                CustomResources.unknownFields(type, custom).forEach(field -> problems.add(where + ": unknown field " + field));
            } else {
                StrictModel.unknownFields(object).forEach(field -> problems.add(where + ": unknown field " + field));
            }
            return Optional.of(object);
        } catch (JsonProcessingException e) {
            problems.add(where + ": " + e.getOriginalMessage());
            return Optional.empty();
        }
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    /** The custom resources of one type, e.g. {@link #SCALED_OBJECT}. */
    List<GenericKubernetesResource> custom(String type) {
        return all(GenericKubernetesResource.class).stream()
                .filter(r -> (r.getApiVersion() + "/" + r.getKind()).equals(type)).toList();
    }
}

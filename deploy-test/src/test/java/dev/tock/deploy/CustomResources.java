package dev.tock.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields of the custom resources Tock ships, after the Prometheus Operator's ServiceMonitor and
 * PrometheusRule (monitoring.coreos.com/v1) and KEDA's ScaledObject (keda.sh/v1alpha1) reference: a field outside
 * these is reported, as {@link StrictModel} reports one outside a built-in kind. Maps the operators
 * leave free (label maps, HPA behaviour, relabelings) are not looked into.
 */
final class CustomResources {
    /** The allowed fields of an object; {@link #OPEN} allows any. */
    record Shape(Map<String, Shape> fields) {
        static Shape of(Object... namesAndShapes) {
            Map<String, Shape> fields = new java.util.LinkedHashMap<>();
            for (int i = 0; i < namesAndShapes.length; i += 2) {
                fields.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
            }
            return new Shape(fields);
        }
    }

    /** A scalar, a list of scalars, or a map whose keys are free. */
    static final Shape OPEN = new Shape(null);

    private static final Shape LABEL_SELECTOR = Shape.of("matchLabels", OPEN,
            "matchExpressions", Shape.of("key", OPEN, "operator", OPEN, "values", OPEN));

    private static final Shape SERVICE_MONITOR = Shape.of(
            "jobLabel", OPEN, "targetLabels", OPEN, "podTargetLabels", OPEN, "sampleLimit", OPEN,
            "selector", LABEL_SELECTOR,
            "namespaceSelector", Shape.of("any", OPEN, "matchNames", OPEN),
            "endpoints", Shape.of("port", OPEN, "targetPort", OPEN, "path", OPEN, "scheme", OPEN, "params", OPEN,
                    "interval", OPEN, "scrapeTimeout", OPEN, "honorLabels", OPEN, "honorTimestamps", OPEN,
                    "relabelings", OPEN, "metricRelabelings", OPEN, "tlsConfig", OPEN, "authorization", OPEN,
                    "followRedirects", OPEN, "enableHttp2", OPEN));

    private static final Shape SCALED_OBJECT = Shape.of(
            "scaleTargetRef", Shape.of("apiVersion", OPEN, "kind", OPEN, "name", OPEN, "envSourceContainerName", OPEN),
            "pollingInterval", OPEN, "cooldownPeriod", OPEN, "initialCooldownPeriod", OPEN, "idleReplicaCount", OPEN,
            "minReplicaCount", OPEN, "maxReplicaCount", OPEN,
            "fallback", Shape.of("failureThreshold", OPEN, "replicas", OPEN),
            "advanced", Shape.of("restoreToOriginalReplicaCount", OPEN, "scalingModifiers", OPEN,
                    "horizontalPodAutoscalerConfig", Shape.of("name", OPEN, "behavior", OPEN)),
            "triggers", Shape.of("type", OPEN, "name", OPEN, "metricType", OPEN, "useCachedMetrics", OPEN,
                    "authenticationRef", Shape.of("name", OPEN, "kind", OPEN),
                    "metadata", Shape.of("serverAddress", OPEN, "query", OPEN, "threshold", OPEN,
                            "activationThreshold", OPEN, "namespace", OPEN, "customHeaders", OPEN,
                            "ignoreNullValues", OPEN, "queryParameters", OPEN, "unsafeSsl", OPEN, "timeout", OPEN)));

    private static final Shape PROMETHEUS_RULE = Shape.of(
            "groups", Shape.of("name", OPEN, "interval", OPEN, "limit", OPEN, "partial_response_strategy", OPEN,
                    "rules", Shape.of("alert", OPEN, "record", OPEN, "expr", OPEN, "for", OPEN, "keep_firing_for", OPEN,
                            "labels", OPEN, "annotations", OPEN)));

    private static final Map<String, Shape> SPECS = Map.of(
            Manifests.SERVICE_MONITOR, SERVICE_MONITOR,
            Manifests.SCALED_OBJECT, SCALED_OBJECT,
            Manifests.PROMETHEUS_RULE, PROMETHEUS_RULE);

    private CustomResources() {
    }

    /** Paths of the fields of {@code resource} that its kind does not have. */
    static List<String> unknownFields(String type, GenericKubernetesResource resource) {
        List<String> unknown = new ArrayList<>();
        resource.getAdditionalProperties().forEach((name, value) -> {
            if (name.equals("spec")) {
                check(value, SPECS.get(type), "spec", unknown);
            } else {
                unknown.add(name);
            }
        });
        return unknown;
    }

    private static void check(Object value, Shape shape, String path, List<String> unknown) {
        if (shape.fields() == null) {
            return;
        }
        if (value instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                check(items.get(i), shape, path + "[" + i + "]", unknown);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> {
                Shape childShape = shape.fields().get(key.toString());
                if (childShape == null) {
                    unknown.add(path + "." + key);
                } else {
                    check(child, childShape, path + "." + key, unknown);
                }
            });
        } else {
            unknown.add(path + " (an object was expected, found " + value + ")");
        }
    }

    /** The value at a dotted path of a custom resource, e.g. {@code spec.scaleTargetRef.name}; null when absent. */
    static Object at(GenericKubernetesResource resource, String path) {
        Object value = resource.getAdditionalProperties();
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        return value;
    }
}

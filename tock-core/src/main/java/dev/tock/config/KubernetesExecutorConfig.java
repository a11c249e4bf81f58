package dev.tock.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Kubernetes Job executor's settings, part of {@link TockConfig}: off unless {@code enabled}
 * ({@code kubernetes-executor-enabled}), because it lets whoever can create jobs run images in the
 * cluster; and then only in the listed {@code namespaces} ({@code kubernetes-executor-namespaces}).
 */
public record KubernetesExecutorConfig(boolean enabled, List<String> namespaces) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public KubernetesExecutorConfig {
        namespaces = List.copyOf(namespaces == null ? List.of() : namespaces);
        for (String ns : namespaces) {
            if (!NAMESPACE.matcher(ns).matches()) {
                throw new ConfigException("kubernetes-executor-namespaces: \"" + ns + "\" is not a Kubernetes namespace name");
            }
        }
    }

    /** Off, no namespace. */
    public static KubernetesExecutorConfig disabled() {
        return new KubernetesExecutorConfig(false, List.of());
    }

    public KubernetesExecutorConfig withEnabled(boolean value) {
        return new KubernetesExecutorConfig(value, namespaces);
    }

    public KubernetesExecutorConfig withNamespaces(List<String> value) {
        return new KubernetesExecutorConfig(enabled, value);
    }

    /** Checks across the two settings, once both are set. */
    void requireComplete() {
        if (enabled && namespaces.isEmpty()) {
            throw new ConfigException("kubernetes-executor-enabled=true needs kubernetes-executor-namespaces: the namespaces"
                    + " its Jobs may be created in, comma-separated");
        }
    }

    /** Whether Jobs may be created in {@code namespace}. */
    public boolean allows(String namespace) {
        return namespaces.contains(namespace);
    }
}

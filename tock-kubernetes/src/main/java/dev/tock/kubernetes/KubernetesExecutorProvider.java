package dev.tock.kubernetes;

import dev.tock.config.TockConfig;
import dev.tock.executor.spi.ExecutorProvider;
import dev.tock.executor.spi.ExecutorSetup;
import dev.tock.executor.spi.ProvidedExecutor;
import dev.tock.model.Executor;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the {@code kubernetes} executor kind to nodes that enable it ({@code kubernetes-executor-enabled}).
 * Its client finds credentials as {@code kubectl} does: the pod's service account when the node runs in a
 * cluster, else the kubeconfig file ({@code KUBECONFIG}, or {@code ~/.kube/config}) and its current context.
 */
public final class KubernetesExecutorProvider implements ExecutorProvider {
    private static final Logger log = LoggerFactory.getLogger(KubernetesExecutorProvider.class);

    @Override
    public String kind() {
        return Executor.KUBERNETES;
    }

    @Override
    public boolean enabled(TockConfig config) {
        return config.kubernetesExecutor().enabled();
    }

    @Override
    public ProvidedExecutor start(ExecutorSetup setup) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        log.info("Kubernetes executor: API server {}, namespaces {}", client.getMasterUrl(),
                String.join(",", setup.config().kubernetesExecutor().namespaces()));
        return new KubernetesJobExecutor(client, setup, true);
    }
}

package dev.tock.engine;

import dev.tock.config.ConfigException;
import dev.tock.config.TockConfig;
import dev.tock.executor.CommandJobExecutor;
import dev.tock.executor.EgressPolicy;
import dev.tock.executor.HttpJobExecutor;
import dev.tock.executor.spi.ExecutorProvider;
import dev.tock.executor.spi.ExecutorSetup;
import dev.tock.handler.JobHandler;
import dev.tock.executor.spi.ProvidedExecutor;
import dev.tock.model.CommandExecutor;
import dev.tock.model.Executor;
import dev.tock.model.HttpExecutor;
import dev.tock.model.InvalidJobException;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.KubernetesExecutor;
import dev.tock.secret.SecretResolver;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The executors this node runs, as its configuration enables them, and what it accepts at creation: the
 * core's HTTP and command executors, and the kinds that {@link ExecutorProvider}s on the class path offer
 * (such as {@code kubernetes}, from the {@code tock-kubernetes} module).
 */
final class BuiltInExecutors implements AutoCloseable {
    private final TockConfig config;
    private final boolean commandEnabled;
    private final EgressPolicy egress;
    private final HttpJobExecutor http;
    private final Map<String, JobHandler> handlers = new HashMap<>();
    private final Map<String, ProvidedExecutor> provided = new HashMap<>();

    /**
     * @param secrets reads the Secret values that executors reference, when each attempt runs
     * @param jobStates the stored state of a job, for provided executors that clean up after finished jobs
     */
    BuiltInExecutors(TockConfig config, SecretResolver secrets, Function<JobId, Optional<JobState>> jobStates) {
        this.config = config;
        this.commandEnabled = config.commandExecutorEnabled();
        this.egress = config.egressPolicy();
        this.http = config.httpExecutorEnabled() ? new HttpJobExecutor(egress, config.outputTailChars(), secrets, config.maxStepOutputBytes()) : null;
        if (http != null) {
            handlers.put(Executor.HTTP, http);
        }
        if (commandEnabled) {
            handlers.put(Executor.COMMAND, new CommandJobExecutor(config.outputTailChars(), secrets, config.maxStepOutputBytes()));
        }
        for (ExecutorProvider provider : ServiceLoader.load(ExecutorProvider.class)) {
            if (provider.enabled(config) && !provided.containsKey(provider.kind())) {
                ProvidedExecutor executor = provider.start(new ExecutorSetup(config, secrets, jobStates));
                provided.put(provider.kind(), executor);
                handlers.put(provider.kind(), executor);
            }
        }
        if (config.kubernetesExecutor().enabled() && !provided.containsKey(Executor.KUBERNETES)) {
            close();
            throw new ConfigException("kubernetes-executor-enabled=true, but the tock-kubernetes module is not on this"
                    + " node's class path");
        }
    }

    /** The built-in handler of each enabled kind. */
    Map<String, JobHandler> handlers() {
        return Map.copyOf(handlers);
    }

    /**
     * Refuses, at creation, what this node would never run: command jobs unless the command executor is
     * enabled (writing jobs would otherwise be running programs here), HTTP jobs whose URL is an
     * address or a {@code localhost} name the egress policy refuses, and Kubernetes jobs unless that
     * executor is enabled for their namespace. Other host names are checked when each request is made.
     */
    void requireAccepted(Executor executor) {
        switch (executor) {
            case CommandExecutor c -> {
                if (!commandEnabled) {
                    throw new InvalidJobException("executor.kind", "the command executor is disabled on this node"
                            + " (command-executor-enabled=false): enabling it lets whoever can create jobs run programs here");
                }
            }
            case HttpExecutor h -> egress.refusesAtCreation(h.url().getHost()).ifPresent(why -> {
                throw new InvalidJobException("executor.url", why);
            });
            case KubernetesExecutor k -> requireKubernetes(k);
        }
    }

    private void requireKubernetes(KubernetesExecutor k) {
        if (!config.kubernetesExecutor().enabled()) {
            throw new InvalidJobException("executor.kind", "the Kubernetes executor is disabled on this node"
                    + " (kubernetes-executor-enabled=false): enabling it lets whoever can create jobs run images in the cluster");
        }
        if (!config.kubernetesExecutor().allows(k.namespace())) {
            throw new InvalidJobException("executor.namespace", "\"" + k.namespace() + "\" is not one of the namespaces the"
                    + " Kubernetes executor may use (kubernetes-executor-namespaces: "
                    + String.join(", ", config.kubernetesExecutor().namespaces()) + ")");
        }
        provided.get(Executor.KUBERNETES).requireAccepted(k);
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        provided.values().forEach(ProvidedExecutor::close);
    }
}

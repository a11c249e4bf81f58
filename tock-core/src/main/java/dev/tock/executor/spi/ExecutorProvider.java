package dev.tock.executor.spi;

import dev.tock.config.TockConfig;

/**
 * An executor kind whose code lives outside the core, such as {@code kubernetes} in the
 * {@code tock-kubernetes} module, so that the core carries no client library for it. A jar on the node's
 * class path contributes one by implementing this interface (public, with a public no-argument
 * constructor) and naming the class in {@code META-INF/services/dev.tock.executor.spi.ExecutorProvider}; every
 * node finds it with {@link java.util.ServiceLoader} when it is built. A node whose configuration enables a
 * kind that no provider on its class path offers fails to start, naming the kind.
 */
public interface ExecutorProvider {

    /** The executor kind it runs, as in {@link dev.tock.model.Executor#kind()}. */
    String kind();

    /** Whether {@code config} enables this kind on the node. */
    boolean enabled(TockConfig config);

    /** Starts the executor for a node that enables it; called once, when the node is built. */
    ProvidedExecutor start(ExecutorSetup setup);
}

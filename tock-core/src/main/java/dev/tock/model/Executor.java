package dev.tock.model;

/**
 * What runs a job other than a handler registered for its type: an HTTP request ({@link HttpExecutor}),
 * a local command ({@link CommandExecutor}) or a Kubernetes Job ({@link KubernetesExecutor}). A job without one runs on a handler of its type, in a
 * Tock node or in an external worker. Nodes run executor jobs only when they enable that kind
 * ({@code http-executor-enabled}, {@code command-executor-enabled}, {@code kubernetes-executor-enabled}), under the same retry, timeout,
 * lease and heartbeat rules as handlers.
 */
public sealed interface Executor permits HttpExecutor, CommandExecutor, KubernetesExecutor {
    /** The kind of {@link HttpExecutor}. */
    String HTTP = "http";
    /** The kind of {@link CommandExecutor}. */
    String COMMAND = "command";
    /** The kind of {@link KubernetesExecutor}. */
    String KUBERNETES = "kubernetes";
    /** The wire name for "no executor": a handler of the job's type runs it. */
    String HANDLER = "handler";

    /** {@value #HTTP}, {@value #COMMAND} or {@value #KUBERNETES}; stored with the job so that nodes lease only the kinds they run. */
    String kind();

    /**
     * Every Secret value this executor reads when an attempt runs, by the field that names it (e.g.
     * {@code executor.env.DB_PASSWORD}): checked to exist when a job or schedule is created.
     */
    java.util.Map<String, SecretKeyRef> secretRefs();
}

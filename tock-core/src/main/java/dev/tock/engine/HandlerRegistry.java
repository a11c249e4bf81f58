package dev.tock.engine;

import dev.tock.handler.JobHandler;
import dev.tock.model.InvalidJobException;
import dev.tock.model.Job;
import dev.tock.model.Names;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which handler runs which job type on this node, plus types known to be handled elsewhere. */
final class HandlerRegistry {
    private final Map<String, JobHandler> handlers;
    private final Set<String> remoteTypes;
    private final boolean acceptAnyType;
    private final Map<String, JobHandler> executors;

    HandlerRegistry(Map<String, JobHandler> handlers, Set<String> remoteTypes) {
        this(handlers, remoteTypes, false, Map.of());
    }

    HandlerRegistry(Map<String, JobHandler> handlers, Set<String> remoteTypes, boolean acceptAnyType) {
        this(handlers, remoteTypes, acceptAnyType, Map.of());
    }

    /**
     * @param acceptAnyType accept every type for enqueueing, as a server does for workers it does not know yet
     * @param executors the built-in handlers of the executor kinds this node runs, by kind
     */
    HandlerRegistry(Map<String, JobHandler> handlers, Set<String> remoteTypes, boolean acceptAnyType,
                    Map<String, JobHandler> executors) {
        handlers.keySet().forEach(Names::requireType);
        remoteTypes.forEach(Names::requireType);
        this.handlers = Map.copyOf(handlers);
        this.remoteTypes = Set.copyOf(remoteTypes);
        this.acceptAnyType = acceptAnyType;
        this.executors = Map.copyOf(executors);
    }

    Optional<JobHandler> handlerFor(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    /** The executor's built-in handler when the job names an executor, else the handler of its type. */
    Optional<JobHandler> handlerFor(Job job) {
        return job.executor().isPresent() ? Optional.ofNullable(executors.get(job.executor().get().kind()))
                : handlerFor(job.type());
    }

    /** The executor kinds this node leases. */
    Set<String> executorKinds() {
        return executors.keySet();
    }

    /** The types this node leases. */
    Set<String> localTypes() {
        return handlers.keySet();
    }

    void requireKnown(String type) {
        if (!acceptAnyType && !handlers.containsKey(type) && !remoteTypes.contains(type)) {
            throw new InvalidJobException("type", "no handler is registered for job type \"" + type + "\"");
        }
    }
}

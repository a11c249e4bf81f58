package dev.tock.engine;

import dev.tock.model.InvalidJobException;
import dev.tock.model.Names;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which handler runs which job type on this node, plus types known to be handled elsewhere. */
final class HandlerRegistry {
    private final Map<String, JobHandler> handlers;
    private final Set<String> remoteTypes;
    private final boolean acceptAnyType;

    HandlerRegistry(Map<String, JobHandler> handlers, Set<String> remoteTypes) {
        this(handlers, remoteTypes, false);
    }

    /** @param acceptAnyType accept every type for enqueueing, as a server does for workers it does not know yet */
    HandlerRegistry(Map<String, JobHandler> handlers, Set<String> remoteTypes, boolean acceptAnyType) {
        handlers.keySet().forEach(Names::requireType);
        remoteTypes.forEach(Names::requireType);
        this.handlers = Map.copyOf(handlers);
        this.remoteTypes = Set.copyOf(remoteTypes);
        this.acceptAnyType = acceptAnyType;
    }

    Optional<JobHandler> handlerFor(String type) {
        return Optional.ofNullable(handlers.get(type));
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

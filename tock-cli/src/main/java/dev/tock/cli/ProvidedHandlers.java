package dev.tock.cli;

import dev.tock.TockException;
import dev.tock.handler.JobHandler;
import dev.tock.handler.HandlerProvider;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job handlers of {@code tock server}: those every {@link HandlerProvider} on the class path contributes.
 * Each provider's types are logged under its class name, so that an operator can tell where a handler came from.
 */
final class ProvidedHandlers {
    private static final Logger log = LoggerFactory.getLogger(ProvidedHandlers.class);

    private ProvidedHandlers() {
    }

    /** The handlers of the providers {@link ServiceLoader} finds, by job type. */
    static Map<String, JobHandler> load() {
        try {
            return collect(ServiceLoader.load(HandlerProvider.class));
        } catch (ServiceConfigurationError e) {
            throw new TockException("a job handler provider could not be loaded: " + e.getMessage(), e);
        }
    }

    /** The handlers of {@code providers}, by job type; a type contributed twice is refused, naming both providers. */
    static Map<String, JobHandler> collect(Iterable<HandlerProvider> providers) {
        Map<String, JobHandler> handlers = new LinkedHashMap<>();
        Map<String, String> providerOfType = new HashMap<>();
        for (HandlerProvider provider : providers) {
            String name = provider.getClass().getName();
            Map<String, JobHandler> contributed = provider.handlers();
            for (Map.Entry<String, JobHandler> handler : contributed.entrySet()) {
                String earlier = providerOfType.putIfAbsent(handler.getKey(), name);
                if (earlier != null) {
                    throw new TockException("job type " + handler.getKey() + " has a handler from two providers, " + earlier + " and "
                            + name + ": remove one of them from the class path");
                }
                handlers.put(handler.getKey(), handler.getValue());
            }
            log.info("job handlers from {}: {}", name, new TreeSet<>(contributed.keySet()));
        }
        return handlers;
    }
}

package dev.tock.handler;

import java.util.Map;

/**
 * Job handlers for a node that Tock builds itself, such as {@code tock server}, which has no code of its
 * own to call {@code Tock.builder().handler(...)}. A jar on the node's class path contributes handlers by
 * implementing this interface (public, with a public no-argument constructor) and naming the class in
 * {@code META-INF/services/dev.tock.handler.HandlerProvider}; the node finds it with
 * {@link java.util.ServiceLoader} at start. An application that builds its own {@code Tock} registers
 * its handlers on the builder and needs no provider.
 */
public interface HandlerProvider {

    /**
     * The handlers this provider contributes, by job type; called once, at start. A type that two
     * providers of one node both contribute fails the start, naming both.
     */
    Map<String, JobHandler> handlers();
}

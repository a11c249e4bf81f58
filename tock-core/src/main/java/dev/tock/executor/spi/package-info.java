/**
 * How executor kinds whose code lives outside the core plug into a node: an {@link
 * dev.tock.executor.spi.ExecutorProvider} found with {@link java.util.ServiceLoader} starts a {@link
 * dev.tock.executor.spi.ProvidedExecutor} for each node that enables its kind. The {@code tock-kubernetes}
 * module's {@code kubernetes} kind is one.
 */
package dev.tock.executor.spi;

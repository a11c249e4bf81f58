package dev.tock.executor.spi;

import dev.tock.handler.JobHandler;
import dev.tock.model.Executor;

/**
 * A running executor of one kind from an {@link ExecutorProvider}: it runs the attempts of jobs of its
 * kind (as a {@link JobHandler}), checks their specs when they are created, and is closed with the node.
 */
public interface ProvidedExecutor extends JobHandler, AutoCloseable {

    /**
     * Refuses, at creation, a spec of its kind that the core's own checks let through but this node would
     * never run, with an {@link dev.tock.model.InvalidJobException} naming the field.
     */
    void requireAccepted(Executor executor);

    @Override
    void close();
}

package dev.tock.engine;

import dev.tock.model.Names;
import dev.tock.model.Queue;
import dev.tock.model.QueueStats;
import dev.tock.service.Queues;
import dev.tock.store.QueueStore;
import java.util.List;
import java.util.Optional;

/** {@link Queues} on this node: a changed limit or pause wakes the dispatchers, so waiting work is looked at again. */
final class QueueService implements Queues {
    private final QueueStore store;
    private final Runnable wake;
    private final java.util.function.Supplier<List<dev.tock.model.NodeStatus>> nodes;

    QueueService(QueueStore store, Runnable wake, java.util.function.Supplier<List<dev.tock.model.NodeStatus>> nodes) {
        this.store = store;
        this.wake = wake;
        this.nodes = nodes;
    }

    @Override
    public boolean save(Queue queue) {
        boolean created = store.save(queue);
        wake.run();
        return created;
    }

    @Override
    public Optional<Queue> find(String namespace, String name) {
        return store.find(namespace, name);
    }

    @Override
    public Queue get(String namespace, String name) {
        return find(namespace, name).orElse(Queue.of(namespace, name));
    }

    @Override
    public void pause(String namespace, String name) {
        save(get(namespace, name).withPaused(true));
    }

    @Override
    public void resume(String namespace, String name) {
        save(get(namespace, name).withPaused(false));
    }

    @Override
    public boolean delete(String namespace, String name) {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("queue", name);
        return store.delete(namespace, name);
    }

    @Override
    public List<QueueStats> stats(String namespace) {
        return store.stats(namespace);
    }

    @Override
    public java.util.Map<String, Long> runningByKey(String namespace, String queue, int limit) {
        return store.runningByKey(namespace, queue, limit);
    }

    @Override
    public List<dev.tock.model.ReadyWork> unhandled(String namespace) {
        List<dev.tock.model.ReadyWork> ready = store.readyWork(namespace);
        if (ready.isEmpty()) {
            return ready;
        }
        LiveHandlers live = LiveHandlers.of(nodes.get());
        return ready.stream().filter(w -> !live.handles(namespace, w.queue(), w.type(), w.executorKind())).toList();
    }
}

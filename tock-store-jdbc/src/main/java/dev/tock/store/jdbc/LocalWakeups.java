package dev.tock.store.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-process wake-ups for the embedded store, which only this process can use. */
final class LocalWakeups implements Wakeups {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void announce() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}

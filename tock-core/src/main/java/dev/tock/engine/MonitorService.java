package dev.tock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.monitor.Monitor;
import dev.tock.monitor.Ping;
import dev.tock.monitor.PingKind;
import dev.tock.monitor.PingTokens;
import dev.tock.monitor.StoredMonitor;
import dev.tock.service.Monitors;
import dev.tock.store.MonitorStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@link Monitors} over the {@link MonitorStore}. */
final class MonitorService implements Monitors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MonitorStore monitors;

    MonitorService(MonitorStore monitors) {
        this.monitors = monitors;
    }

    @Override
    public Saved save(String namespace, String name, JsonNode spec) {
        Monitor monitor = Monitor.of(namespace, name, spec);
        String token = PingTokens.generate();
        boolean created = monitors.save(namespace, name, monitor.specJson().toString(), PingTokens.hash(token));
        return new Saved(monitor, monitors.find(namespace, name).orElseThrow(), created, created ? Optional.of(token) : Optional.empty());
    }

    @Override
    public Optional<Saved> replaceToken(String namespace, String name) {
        String token = PingTokens.generate();
        if (!monitors.replaceToken(namespace, name, PingTokens.hash(token))) {
            return Optional.empty();
        }
        return find(namespace, name).map(s -> new Saved(s.monitor(), s.stored(), false, Optional.of(token)));
    }

    @Override
    public Optional<Saved> find(String namespace, String name) {
        return monitors.find(namespace, name).map(MonitorService::saved);
    }

    @Override
    public List<Saved> list(String namespace) {
        return monitors.list(Optional.of(namespace)).stream().map(MonitorService::saved).toList();
    }

    @Override
    public boolean delete(String namespace, String name) {
        return monitors.delete(namespace, name);
    }

    @Override
    public boolean ping(String namespace, String name, PingKind kind, String token) {
        Optional<StoredMonitor> stored = monitors.find(namespace, name);
        if (stored.isEmpty() || !PingTokens.matches(token, stored.get().tokenHash())) {
            return false;
        }
        monitors.ping(namespace, name, kind);
        return true;
    }

    @Override
    public List<Ping> pings(String namespace, String name, int limit) {
        return monitors.pings(namespace, name, limit);
    }

    static Monitor monitor(StoredMonitor s) {
        try {
            return Monitor.of(s.namespace(), s.name(), JSON.readTree(s.specJson()));
        } catch (IOException e) {
            throw new IllegalStateException("stored monitor " + s.name() + " is not JSON", e);
        }
    }

    private static Saved saved(StoredMonitor s) {
        return new Saved(monitor(s), s, false, Optional.empty());
    }
}

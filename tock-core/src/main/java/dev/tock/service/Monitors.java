package dev.tock.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.monitor.Monitor;
import dev.tock.monitor.Ping;
import dev.tock.monitor.PingKind;
import dev.tock.monitor.StoredMonitor;
import java.util.List;
import java.util.Optional;

/**
 * Heartbeat monitors for work Tock does not run. Each has a ping token, shown once when it is created or
 * replaced; alert rules watch monitors as subjects of kind {@code monitor}.
 */
public interface Monitors {

    /**
     * A monitor saved, and its new ping token when this call created one (creating a monitor, or replacing its token).
     */
    record Saved(Monitor monitor, StoredMonitor stored, boolean created, Optional<String> pingToken) {
    }

    /** Creates (with a new ping token) or replaces (keeping the token) a monitor; invalid specs name the field. */
    Saved save(String namespace, String name, JsonNode spec);

    /** Revokes a monitor's ping token and makes a new one; empty when there is no such monitor. */
    Optional<Saved> replaceToken(String namespace, String name);

    Optional<Saved> find(String namespace, String name);

    List<Saved> list(String namespace);

    boolean delete(String namespace, String name);

    /**
     * Records a ping when {@code token} is the monitor's ping token.
     *
     * @return false when there is no such monitor or the token does not match (callers cannot tell which)
     */
    boolean ping(String namespace, String name, PingKind kind, String token);

    /** The latest pings, newest first. */
    List<Ping> pings(String namespace, String name, int limit);
}

package dev.tock.store;

import dev.tock.monitor.Ping;
import dev.tock.monitor.PingKind;
import dev.tock.monitor.StoredMonitor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Heartbeat monitors and the pings they received (the latest {@link #KEPT_PINGS} of each). */
public interface MonitorStore {
    int KEPT_PINGS = 100;

    /**
     * Creates a monitor with its token's hash, or replaces the spec of one that exists (keeping its token).
     *
     * @return true when this call created it
     */
    boolean save(String namespace, String name, String specJson, String tokenHash);

    /** Replaces a monitor's token hash: the old token stops working. False when there is no such monitor. */
    boolean replaceToken(String namespace, String name, String tokenHash);

    Optional<StoredMonitor> find(String namespace, String name);

    /** A namespace's monitors by name, or every namespace's when {@code namespace} is empty. */
    List<StoredMonitor> list(Optional<String> namespace);

    /** Deletes a monitor and its pings; false when there was none. */
    boolean delete(String namespace, String name);

    /** Records a ping at the store's clock and forgets all but the latest {@link #KEPT_PINGS}; returns its time. */
    Instant ping(String namespace, String name, PingKind kind);

    /** The latest pings, newest first. */
    List<Ping> pings(String namespace, String name, int limit);
}

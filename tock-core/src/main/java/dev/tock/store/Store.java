package dev.tock.store;

import java.time.Instant;

/**
 * A whole store: it hands out one role per resource and answers for what they share (the clock,
 * readiness, housekeeping, wake-ups). The engine knows only these interfaces; every implementation
 * passes the shared compatibility suites.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>Due times and lease expiry are measured on the store's clock ({@link #now()}), never a node's.</li>
 *   <li>Every change to a running job is conditional on its state and lease token (fencing).</li>
 *   <li>Two concurrent leases, from any number of processes, never return the same job.</li>
 * </ul>
 * A new resource adds a role here and a repository behind it; the other roles stay as they are.
 */
public interface Store extends AutoCloseable {

    JobStore jobs();

    LeaseStore leases();

    HeldLeaseStore heldLeases();

    ScheduleStore schedules();

    QueueStore queues();

    NamespaceStore namespaces();

    ClusterStore cluster();

    SecurityStore security();

    ApplySetStore applySets();

    SecretStore secrets();

    AlertStore alerts();

    MonitorStore monitors();
    WorkflowStore workflows();

    /** The store's clock. */
    Instant now();

    /**
     * Throws {@link StoreException} unless the store answers and its schema is the one this code
     * expects; a node is ready to serve only while this passes.
     */
    void checkReady();

    /**
     * Housekeeping the database may not do by itself, e.g. vacuuming Tock's tables on a PostgreSQL
     * whose autovacuum is off, so that finished jobs never slow leasing; also forgets nodes unseen for
     * {@link ClusterStore#FORGET_NODES_AFTER}. Every node calls it every {@code maintenance-interval};
     * it is safe to run concurrently.
     */
    void maintain();

    /** Runs {@code listener} whenever jobs may have become available, from this or another node. */
    void addWakeupListener(Runnable listener);

    /** Tells {@code listener} of every workflow run started or ended through this store object. */
    void addRunListener(RunListener listener);

    /** A short name for logs and benchmarks, e.g. {@code postgresql} or {@code h2}. */
    String kind();

    @Override
    void close();
}

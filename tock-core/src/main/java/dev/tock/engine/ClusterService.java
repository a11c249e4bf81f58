package dev.tock.engine;

import dev.tock.model.NodeInfo;
import dev.tock.model.NodeStatus;
import dev.tock.model.Readiness;
import dev.tock.service.Cluster;
import dev.tock.store.Store;
import dev.tock.store.StoreException;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Cluster} on this node: the registry in the store, and this node's own registration and load. */
final class ClusterService implements Cluster {
    private static final Logger log = LoggerFactory.getLogger(ClusterService.class);
    private final Store store;
    private final NodeRegistration registration;
    private final IntSupplier inFlight;
    private final ReadinessCheck readiness = new ReadinessCheck(this::checkStore);

    ClusterService(Store store, NodeRegistration registration, IntSupplier inFlight) {
        this.store = store;
        this.registration = registration;
        this.inFlight = inFlight;
    }

    @Override
    public List<NodeStatus> nodes() {
        return store.cluster().nodes();
    }

    @Override
    public void remove(String nodeId) {
        store.cluster().remove(nodeId);
    }

    @Override
    public String nodeId() {
        return registration.nodeId();
    }

    @Override
    public NodeInfo self() {
        return registration.info();
    }

    @Override
    public String storeKind() {
        return store.kind();
    }

    @Override
    public int heldCount() {
        return inFlight.getAsInt();
    }

    /** Answered within a second, from a check of the store made at most a second ago (see {@link ReadinessCheck}). */
    @Override
    public Readiness readiness() {
        return readiness.current();
    }

    private Readiness checkStore() {
        try {
            store.checkReady();
            return Readiness.ok();
        } catch (StoreException e) {
            return Readiness.notReady("the store is not ready: " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("the store's readiness check failed", e);
            return Readiness.notReady("the store is not ready: " + e);
        }
    }
}

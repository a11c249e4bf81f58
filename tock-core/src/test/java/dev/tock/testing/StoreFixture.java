package dev.tock.testing;

import dev.tock.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh, empty store for every test; a store's test class supplies it. */
public abstract class StoreFixture {
    protected Store store;

    /** A new store with an empty schema. */
    protected abstract Store newStore();

    /** Drops whatever {@link #newStore()} created, after the store is closed. */
    protected void dropStore() {
    }

    /** Runs before the store closes, e.g. to stop the engines a test started. */
    protected void beforeStoreCloses() {
    }

    @BeforeEach
    void openFixtureStore() {
        store = newStore();
    }

    @AfterEach
    void closeFixtureStore() {
        beforeStoreCloses();
        store.close();
        dropStore();
    }
}

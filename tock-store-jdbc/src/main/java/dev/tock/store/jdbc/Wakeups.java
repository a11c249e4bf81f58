package dev.tock.store.jdbc;

/** Tells this and other nodes that jobs may have become available. */
interface Wakeups extends AutoCloseable {

    void addListener(Runnable listener);

    /** Jobs became available through this store; may be coalesced with other announcements. */
    void announce();

    @Override
    void close();
}

package dev.tock.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups across nodes through LISTEN/NOTIFY. Announcements are debounced: at most one NOTIFY per
 * {@link #MIN_NOTIFY_GAP_NANOS}, sent outside the transactions that made the work, because a NOTIFY
 * inside every enqueue would serialise all commits on PostgreSQL's notification lock. Listeners run
 * for notifications from other nodes only; this node wakes its own dispatcher directly.
 */
final class PostgresWakeups implements Wakeups {
    private static final Logger log = LoggerFactory.getLogger(PostgresWakeups.class);
    static final String CHANNEL = "tock_jobs";
    private static final long MIN_NOTIFY_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final String url;
    private final DataSource dataSource;
    private final String origin = java.util.UUID.randomUUID().toString();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Object notifyLock = new Object();
    private boolean notifyRequested;
    private volatile boolean open = true;
    private final Thread listenerThread;
    private final Thread notifierThread;
    /** The LISTEN connection, aborted by {@link #close()}: the driver's wait for notifications ignores interrupts. */
    private volatile Connection listening;

    PostgresWakeups(String url, DataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
        this.listenerThread = Thread.ofPlatform().name("tock-pg-listen").daemon(true).start(this::listen);
        this.notifierThread = Thread.ofPlatform().name("tock-pg-notify").daemon(true).start(this::sendNotifications);
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void announce() {
        synchronized (notifyLock) {
            notifyRequested = true;
            notifyLock.notifyAll();
        }
    }

    @Override
    public void close() {
        open = false;
        announce();
        listenerThread.interrupt();
        abortListening();
        join(listenerThread);
        join(notifierThread);
    }

    private void sendNotifications() {
        while (open) {
            synchronized (notifyLock) {
                while (!notifyRequested && open) {
                    try {
                        notifyLock.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                notifyRequested = false;
            }
            if (!open) {
                return;
            }
            notifyOthers();
            LockSupport.parkNanos(MIN_NOTIFY_GAP_NANOS);
        }
    }

    private void notifyOthers() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            ps.setString(1, origin);
            ps.execute();
            c.commit();
        } catch (SQLException e) {
            log.warn("could not send a wake-up notification; other nodes will find the work at their next poll", e);
        }
    }

    private void listen() {
        long backoffMs = 100;
        while (open) {
            try (Connection c = DriverManager.getConnection(url)) {
                listening = c;
                if (!open) {
                    return; // close() ran before there was a connection to abort
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                backoffMs = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (open) {
                    PGNotification[] received = pg.getNotifications(500);
                    if (received != null && fromOtherNode(received)) {
                        listeners.forEach(Runnable::run);
                    }
                }
            } catch (SQLException e) {
                if (!open) {
                    return;
                }
                log.warn("wake-up listener lost its connection; reconnecting in {} ms (polling covers the gap)", backoffMs, e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    /** Ends the listener's wait at once rather than at the end of its current half-second one. */
    private void abortListening() {
        Connection c = listening;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException e) {
                log.debug("could not abort the wake-up listener's connection; it ends within its next wait", e);
            }
        }
    }

    private boolean fromOtherNode(PGNotification[] received) {
        for (PGNotification n : received) {
            if (!origin.equals(n.getParameter())) {
                return true;
            }
        }
        return false;
    }

    private static void join(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.tock.http.security;

import dev.tock.security.AuditEntry;
import dev.tock.service.Security;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit entries to the store in batches, off the request's path, so that auditing every
 * mutation costs no round trip per request: entries are stored within {@link #FLUSH_INTERVAL}. A full
 * queue makes requests wait rather than drop entries; stopping writes what is queued. Also deletes
 * entries older than the retention, once an hour.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
    private static final int BATCH = 500;
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Security store;
    private final Clock clock;
    private final Duration retention;
    private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread writer;
    private volatile boolean stopping;
    private Instant lastPrune = Instant.EPOCH;

    public AuditLog(Security store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.writer = Thread.ofPlatform().daemon(true).name("tock-audit").start(this::run);
    }

    /** Queues an entry; waits while the queue is full. */
    public void record(AuditEntry entry) {
        try {
            if (!queue.offer(entry, 30, TimeUnit.SECONDS)) {
                log.error("audit log queue full for 30 s; entry not recorded: {} {} status {}", entry.method(), entry.path(), entry.status());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes everything queued now; for tests and shutdown. */
    public synchronized void flush() {
        List<AuditEntry> batch = new ArrayList<>(BATCH);
        while (queue.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void run() {
        while (!stopping) {
            try {
                AuditEntry first = queue.poll(FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<AuditEntry> batch = new ArrayList<>(BATCH);
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    synchronized (this) {
                        write(batch);
                    }
                }
                pruneHourly();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("audit log writer: {}", e.getMessage());
            }
        }
    }

    private void write(List<AuditEntry> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.appendAudit(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == 3 || stopping) {
                    writeOneByOne(batch, e);
                    return;
                }
                sleep(attempt * 500L);
            }
        }
    }

    /** After a batch failed: one entry the store refuses must not cost the others theirs. */
    private void writeOneByOne(List<AuditEntry> batch, RuntimeException cause) {
        int lost = 0;
        for (AuditEntry entry : batch) {
            try {
                store.appendAudit(List.of(entry));
            } catch (RuntimeException e) {
                lost++;
            }
        }
        if (lost > 0) {
            log.error("could not write {} of {} audit entries: {}", lost, batch.size(), cause.getMessage());
        }
    }

    private void pruneHourly() {
        Instant now = clock.instant();
        if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) >= 0) {
            lastPrune = now;
            int deleted = store.deleteAuditBefore(now.minus(retention));
            if (deleted > 0) {
                log.info("deleted {} audit entries older than {}", deleted, retention);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // No interrupt: the writer may be inside JDBC, and an interrupted embedded H2 closes its file.
        stopping = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}

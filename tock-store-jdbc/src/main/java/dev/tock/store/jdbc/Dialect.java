package dev.tock.store.jdbc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything in which the databases Tock supports differ; the rest of the SQL is shared. */
interface Dialect {

    /** Short name, e.g. {@code postgresql}. */
    String name();

    /**
     * The URL with the settings Tock relies on added, and {@code schema} (unless blank) made the
     * session's default at connect time: a schema set later by SQL could be rolled back with the
     * transaction it ran in.
     */
    String prepareUrl(String url, String schema);

    /**
     * The store's clock as an SQL expression: the time the statement started, not the transaction,
     * so that a connection's long-open transaction can never make due work look early.
     */
    String now();

    /** An expression for {@code timestamp} plus a bound number of milliseconds (one {@code ?}). */
    default String plusMillis(String timestamp) {
        return plus(timestamp, "?");
    }

    /** An expression for {@code timestamp} plus {@code millis}, an SQL expression for a number of milliseconds. */
    String plus(String timestamp, String millis);

    /**
     * A FROM item that turns one bound array per column (one {@code ?} each, of the SQL {@code types};
     * TIMESTAMPTZ bound as ISO-8601 text) into rows named {@code alias(columns..., n)}, with {@code n}
     * numbering them from 1 in array order; empty where the store inserts many rows as a batch of single rows.
     */
    Optional<String> unnest(List<String> types, String alias, List<String> columns);

    /** An expression for the milliseconds from a bound instant (one {@code ?}) to the timestamp {@code column}. */
    String millisSince(String column);

    /**
     * One statement that leases the rows {@code candidates} selects and returns them whole, with the
     * parameters of {@code set} first; empty where the store must select, then update row by row. The
     * rows are numbered from 1 in the order {@code candidates} selects them, as {@code picked.lease_rank},
     * which {@code set} may use.
     */
    Optional<String> leaseStatement(String set, String candidates);

    /**
     * What an ORDER BY over pending jobs starts with so that the database walks the lease index in
     * order and stops at the limit: H2 needs the index's leading column named, PostgreSQL (whose
     * index is partial) must not see it.
     */
    String pendingOrderPrefix();

    /**
     * One statement that succeeds every running job named in bound arrays (ids, lease tokens, nodes,
     * start and end times as microseconds since the epoch, outputs) whose token still matches, setting {@code set}
     * too, and returns the ids it changed; empty where the store runs a batch of single-row updates.
     */
    Optional<String> succeedManyStatement(String set);

    /**
     * Session settings for the connections that lease, complete, heartbeat and reap; empty when those
     * share the general pool.
     */
    Optional<String> hotPathSessionSql();

    /**
     * Session settings that let those connections commit without waiting for the disk
     * ({@code completion-commit=fast}); empty where the database commits one way only.
     */
    Optional<String> fastCommitSessionSql();

    /**
     * What {@link dev.tock.store.Store#maintain()} runs outside any transaction, given whether the
     * database's own background maintenance is switched off; empty for nothing.
     */
    List<String> maintenanceStatements(boolean autovacuumOff);

    /** A query answering whether the database's own background maintenance is off; empty where there is none. */
    Optional<String> autovacuumOffQuery();

    /** Appended to a SELECT that claims rows other transactions may be claiming too. */
    String skipLockedClause();

    /**
     * Whether writes must be serialised inside this process. True for the embedded store, whose
     * file only one process can open; PostgreSQL relies on row locks instead.
     */
    boolean serializesWrites();

    /**
     * Whether leasing from a queue with limits or key sharing parks its due jobs in that queue's own lane
     * (see the V7_9 migration). Where it does not, every lease reads one lease order, as before.
     */
    boolean parksJobs();

    /**
     * Whether finished jobs move out of {@code tock_jobs} into {@code tock_job_history} (see {@link JobHistory});
     * otherwise {@code tock_jobs_all} is {@code tock_jobs} alone.
     */
    boolean keepsJobHistory();

    /**
     * Whether several statements go to the database as one text in one round trip, each run with a snapshot of its own
     * (see {@link Pipeline}); otherwise they are sent one by one.
     */
    boolean pipelines();

    /** Values for the {@code ${...}} placeholders of the migrations. */
    Map<String, String> migrationPlaceholders();

    static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (url.startsWith("jdbc:h2:")) {
            return new H2Dialect();
        }
        return null;
    }
}

-- Issue 16 ("Fair sharing"): concurrency keys, per-key limits, exact rate limits and weighted fairness.

-- The key a job's queue counts it under ('' for none: such jobs share one key); resolved from the
-- job's template when it is stored. The note says why it is '' when a payload field was missing.
ALTER TABLE tock_jobs ADD COLUMN concurrency_key VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE tock_jobs ADD COLUMN concurrency_key_note VARCHAR(1000);

-- A queue's per-key limits, rate limits and fairness as JSON (KeySharing); NULL when it shares
-- nothing by key. Such a queue is leased under its row lock, like one with max_running.
ALTER TABLE tock_queues ADD COLUMN sharing ${text};
-- The queue-wide rate limit's theoretical arrival time (GCRA) and the fair-share virtual time (the
-- pass of the latest pick, where keys that arrive start), both written in the lease transaction.
ALTER TABLE tock_queues ADD COLUMN rate_tat TIMESTAMP WITH TIME ZONE;
ALTER TABLE tock_queues ADD COLUMN fair_vtime DOUBLE PRECISION DEFAULT 0 NOT NULL;

-- Per (queue, key) state written only in the lease transaction, under the queue's row lock: the key's
-- rate limit arrival time (GCRA) and its fair-share pass (stride scheduling; lower goes first).
CREATE TABLE tock_queue_keys (
    namespace        VARCHAR(63) NOT NULL,
    queue            VARCHAR(63) NOT NULL,
    concurrency_key  VARCHAR(255) NOT NULL,
    rate_tat         TIMESTAMP WITH TIME ZONE,
    fair_pass        DOUBLE PRECISION DEFAULT 0 NOT NULL,
    PRIMARY KEY (namespace, queue, concurrency_key)
);

-- What a node or external worker runs, one entry a line: "type:T" (a handler), "executor:K" (an
-- executor kind it enables), "queue:NS/Q" (a queue an external worker leased from). Explains why a
-- job waits when nothing live handles it.
ALTER TABLE tock_nodes ADD COLUMN handles ${text};

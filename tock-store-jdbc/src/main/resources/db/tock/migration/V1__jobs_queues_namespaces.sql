-- Tock's schema. One set of migrations for every database; where PostgreSQL and H2 differ,
-- a placeholder carries the difference (see Dialect#migrationPlaceholders).

CREATE TABLE tock_namespaces (
    name        VARCHAR(63) PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

INSERT INTO tock_namespaces (name) VALUES ('default');

-- Settings of queues that have any; a job may name a queue that has no row here.
CREATE TABLE tock_queues (
    namespace    VARCHAR(63) NOT NULL,
    name         VARCHAR(63) NOT NULL,
    max_running  INTEGER,
    paused       BOOLEAN DEFAULT FALSE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (namespace, name)
);

CREATE TABLE tock_jobs (
    id                  UUID PRIMARY KEY,
    namespace           VARCHAR(63) NOT NULL,
    queue               VARCHAR(63) NOT NULL,
    type                VARCHAR(200) NOT NULL,
    payload             ${text} NOT NULL,
    priority            INTEGER NOT NULL,
    -- scheduled | ready | running | succeeded | failed | dead | cancelled (JobState)
    state               VARCHAR(16) NOT NULL,
    -- Waiting to be leased: scheduled, ready or failed. Derived, so that one index serves leasing.
    pending             BOOLEAN GENERATED ALWAYS AS (state IN ('scheduled', 'ready', 'failed')) ${stored},
    run_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at         TIMESTAMP WITH TIME ZONE,
    attempts            INTEGER NOT NULL,
    max_attempts        INTEGER NOT NULL,
    backoff_initial_ms  BIGINT NOT NULL,
    backoff_max_ms      BIGINT NOT NULL,
    backoff_multiplier  DOUBLE PRECISION NOT NULL,
    backoff_jitter      DOUBLE PRECISION NOT NULL,
    timeout_ms          BIGINT,
    idempotency_key     VARCHAR(255),
    labels              ${text},
    last_error          ${text},
    -- The fencing token: grows on every move into and out of running; every change a worker makes
    -- is conditional on it, so a matching token proves the lease is still held.
    lease_epoch         BIGINT NOT NULL,
    lease_owner         VARCHAR(255),
    leased_at           TIMESTAMP WITH TIME ZONE,
    lease_expires_at    TIMESTAMP WITH TIME ZONE,
    -- The successful attempt lives on the job row, saving a row per job on the hot path; every
    -- other attempt is a row of tock_attempts.
    success_node        VARCHAR(255),
    success_started_at  TIMESTAMP WITH TIME ZONE,
    success_ended_at    TIMESTAMP WITH TIME ZONE,
    success_output      ${text}
) ${jobs_storage};

-- Only jobs that carry a key are constrained (and, where the index can be partial, indexed).
CREATE UNIQUE INDEX tock_jobs_idempotency ON tock_jobs ${idempotency_index};

-- The hot path: due work in lease order. Partial where the database allows, so that finished
-- jobs never enter it; elsewhere led by the column the partial index would filter on.
CREATE INDEX tock_jobs_due ON tock_jobs ${due_index};
CREATE INDEX tock_jobs_next_due ON tock_jobs ${next_due_index};
CREATE INDEX tock_jobs_leases ON tock_jobs ${lease_index};

-- Attempts that did not succeed (a job's successful attempt is on its row).
CREATE TABLE tock_attempts (
    job_id       UUID NOT NULL,
    attempt      INTEGER NOT NULL,
    node         VARCHAR(255) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- failed | timed_out | lease_expired | cancelled (AttemptOutcome)
    outcome      VARCHAR(16) NOT NULL,
    error        ${text},
    output       ${text},
    PRIMARY KEY (job_id, attempt)
);

-- Schedules (CronJobs) and the record of every nominal fire time.

CREATE TABLE tock_schedules (
    namespace             VARCHAR(63) NOT NULL,
    name                  VARCHAR(63) NOT NULL,
    spec                  VARCHAR(255) NOT NULL,
    time_zone             VARCHAR(64) NOT NULL,
    -- The job template as JSON: queue, type, payload, priority, retry, timeoutMs, labels.
    template              ${text} NOT NULL,
    overlap_policy        VARCHAR(16) NOT NULL,
    starting_deadline_ms  BIGINT,
    catch_up_window_ms    BIGINT NOT NULL,
    max_catch_up_runs     INTEGER NOT NULL,
    dst_gap               VARCHAR(8) NOT NULL,
    dst_overlap           VARCHAR(8) NOT NULL,
    jitter_ms             BIGINT NOT NULL,
    suspended             BOOLEAN NOT NULL,
    successful_history    INTEGER NOT NULL,
    failed_history        INTEGER NOT NULL,
    suspend_after_failures INTEGER,
    -- Created or last resumed: nominal times before this are not fired.
    fires_from            TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The latest nominal time recorded, kept here so firers need not scan the fire records.
    last_nominal          TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);

-- One row per (schedule, nominal time): the unique key is what makes each fire happen once.
CREATE TABLE tock_schedule_fires (
    namespace     VARCHAR(63) NOT NULL,
    schedule      VARCHAR(63) NOT NULL,
    nominal_time  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- fired | skipped | missed | coalesced (FireOutcome)
    outcome       VARCHAR(16) NOT NULL,
    manual        BOOLEAN NOT NULL,
    job_id        UUID,
    node          VARCHAR(255) NOT NULL,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, schedule, nominal_time)
);

-- A scheduled job carries its fire's key.
ALTER TABLE tock_jobs ADD COLUMN schedule_name VARCHAR(63);
ALTER TABLE tock_jobs ADD COLUMN nominal_time TIMESTAMP WITH TIME ZONE;

-- Which jobs a schedule made and still keeps (history limits delete old ones). A table of its own,
-- written once per fire, so that the hot updates of tock_jobs rows maintain no schedule index.
CREATE TABLE tock_schedule_jobs (
    namespace  VARCHAR(63) NOT NULL,
    schedule   VARCHAR(63) NOT NULL,
    job_id     UUID NOT NULL,
    PRIMARY KEY (namespace, schedule, job_id)
);

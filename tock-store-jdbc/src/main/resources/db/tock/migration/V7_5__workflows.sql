-- Workflows (issue 15). Versioned 7.1 so that it sorts after version 7 work done beside it without colliding.

-- One row per workflow: its spec as JSON and a version that grows with each change.
CREATE TABLE tock_workflows (
    namespace   VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    definition  ${text} NOT NULL,
    version     BIGINT NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);

-- One row per run, with the definition as it was when the run started: editing the workflow changes no run.
CREATE TABLE tock_workflow_runs (
    id                     VARCHAR(36) PRIMARY KEY,
    namespace              VARCHAR(63) NOT NULL,
    workflow               VARCHAR(63) NOT NULL,
    definition             ${text} NOT NULL,
    inputs                 ${text} NOT NULL,
    -- running | succeeded | failed | cancelled (RunState)
    state                  VARCHAR(16) NOT NULL,
    max_fan_out            INTEGER NOT NULL,
    max_step_output_bytes  INTEGER NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at            TIMESTAMP WITH TIME ZONE
);
CREATE INDEX tock_workflow_runs_listing ON tock_workflow_runs (namespace, workflow, created_at);

-- One row per step instance. The primary key is the exactly-once device: an instance is inserted once, in the
-- transaction that recorded the completion which made it ready. item_key is '' for a step's own instance.
CREATE TABLE tock_workflow_steps (
    run_id      VARCHAR(36) NOT NULL,
    step        VARCHAR(63) NOT NULL,
    item_key    VARCHAR(200) NOT NULL,
    item_index  INTEGER NOT NULL,
    item_count  INTEGER NOT NULL,
    item        ${text},
    -- waiting | active | succeeded | dead | cancelled | skipped (InstanceState)
    state       VARCHAR(16) NOT NULL,
    job_id      UUID,
    output      ${text},
    error       ${text},
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (run_id, step, item_key)
);
CREATE UNIQUE INDEX tock_workflow_steps_job ON tock_workflow_steps (job_id);
CREATE INDEX tock_workflow_steps_state ON tock_workflow_steps (state);

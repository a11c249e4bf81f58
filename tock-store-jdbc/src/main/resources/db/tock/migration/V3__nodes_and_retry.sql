-- The cluster's nodes, and the attempt budget of jobs retried by hand.

-- Every running node upserts its row at start and at each heartbeat, and deletes it when it stops;
-- rows of nodes not seen for an hour are deleted by store maintenance.
CREATE TABLE tock_nodes (
    id          VARCHAR(255) PRIMARY KEY,
    -- Comma-separated, lower case: api, scheduler, worker (NodeRole)
    roles       VARCHAR(64) NOT NULL,
    version     VARCHAR(64) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The store's clock at the latest heartbeat.
    last_seen   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Attempts made before the latest manual retry of a dead or cancelled job. Attempt numbers go on
-- counting; the retry policy counts only the attempts after these.
ALTER TABLE tock_jobs ADD COLUMN attempts_before_retry INTEGER DEFAULT 0 NOT NULL;

CREATE TABLE runs (
    id bigserial PRIMARY KEY,
    experiment_id bigint NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    metric text NOT NULL,
    value double precision NOT NULL
);
CREATE INDEX experiments_finished_at ON experiments (finished_at);

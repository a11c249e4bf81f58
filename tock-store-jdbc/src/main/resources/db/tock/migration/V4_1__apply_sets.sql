-- What each declarative apply set created, per namespace, so that `tock apply --prune` deletes only those.
CREATE TABLE tock_apply_sets (
    namespace   VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    -- JSON array of "kind/name" strings
    members     ${text} NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);

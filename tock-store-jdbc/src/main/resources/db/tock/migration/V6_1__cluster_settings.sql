-- Values every node of a cluster must share, one row each, made by the first node that needs one
-- (INSERT ... ON CONFLICT DO NOTHING, then every node reads the row) and never changed.
-- lease-token-key: 32 random bytes, base64, the HMAC key of the lease tokens external workers get.
CREATE TABLE tock_cluster_settings (
    name          VARCHAR(63) PRIMARY KEY,
    setting_value VARCHAR(1000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Secrets (issue 19). Versioned 6.2 so that it sorts after version 6 work done beside it without colliding.
-- The store never sees a value in plain text: the core encrypts each one before it gets here.

-- One row per secret: its name, a version that changes with its values, and its times.
CREATE TABLE tock_secrets (
    namespace   VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    -- HMAC-SHA256 of the values under a key derived from the encryption key (32 hex digits): equal for
    -- equal values, so `tock apply` can tell a change, and no help to anyone guessing a value.
    version     VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);

-- One row per key of a secret: AES-256-GCM ciphertext only, with the id of the key that encrypted it.
CREATE TABLE tock_secret_values (
    namespace   VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    item_key    VARCHAR(253) NOT NULL,
    -- The first 8 bytes of the SHA-256 of the encryption key, in hex (EncryptionKey.id).
    key_id      VARCHAR(16) NOT NULL,
    -- Base64 of the 96-bit nonce, the ciphertext and the 128-bit tag.
    ciphertext  ${text} NOT NULL,
    PRIMARY KEY (namespace, name, item_key)
);

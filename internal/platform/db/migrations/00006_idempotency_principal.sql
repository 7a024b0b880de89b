-- +goose Up
-- Idempotency keys belong to the principal that sent the request (a user
-- or an API key), not to the whole tenant: a stored answer is replayed
-- only to its own caller, and another caller's use of the same key never
-- reaches it (docs/security.md). Entries kept so far name no principal;
-- they are only retry caches, so they go rather than be replayed to
-- anyone.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN principal text NOT NULL
    CHECK (principal ~ '^(user|apikey):.+$');
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (tenant_id, principal, key);

-- +goose Down
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys DROP COLUMN principal;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (tenant_id, key);

-- +goose Up
-- Responses to POST requests that carried an Idempotency-Key, so a retry
-- gets the first answer (DESIGN §11). Kept 24 hours.
CREATE TABLE idempotency_keys (
    tenant_id       uuid        NOT NULL,
    key             text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    -- request_hash fingerprints method, path, query and body: the same key
    -- with another request is refused.
    request_hash    bytea       NOT NULL,
    -- response_status is NULL while the first request is still running.
    response_status integer     CHECK (response_status BETWEEN 100 AND 599),
    response_headers jsonb      NOT NULL DEFAULT '{}',
    response_body   bytea       NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON idempotency_keys
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Cross-tenant path (docs/security.md): pruning expired keys of every
-- tenant. The owner may see and delete only expired rows, and only through
-- this SECURITY DEFINER function, since the owner role cannot log in.
CREATE POLICY prune_expired_select ON idempotency_keys FOR SELECT TO vextrus_owner
    USING (expires_at < now());
CREATE POLICY prune_expired_delete ON idempotency_keys FOR DELETE TO vextrus_owner
    USING (expires_at < now());

-- +goose StatementBegin
CREATE FUNCTION prune_idempotency_keys(before timestamptz) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = platform, pg_catalog AS $$
DECLARE
    n bigint;
BEGIN
    DELETE FROM platform.idempotency_keys WHERE expires_at < before;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
-- +goose StatementEnd

REVOKE ALL ON FUNCTION prune_idempotency_keys(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_idempotency_keys(timestamptz) TO vextrus_app;

-- +goose Down
DROP FUNCTION prune_idempotency_keys(timestamptz);
DROP TABLE idempotency_keys;

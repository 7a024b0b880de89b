-- +goose Up
-- Per-tenant webhooks (docs/notify.md, "Webhooks"): endpoints a tenant
-- registers, and one delivery per (endpoint, event) that the webhook
-- runner posts, retries with backoff and finally dead-letters.
CREATE TABLE webhook_endpoints (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    url         text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    -- Patterns of event types (vextrus.finance.*, *), see webhook.Match.
    event_types text[]      NOT NULL CHECK (cardinality(event_types) > 0),
    status      text        NOT NULL CHECK (status IN ('active', 'paused')),
    -- The signing secret. It cannot be hashed like a password: the runner
    -- needs it to sign. The API shows it once, when made.
    secret      text        NOT NULL,
    -- After a rotation the old secret also signs until previous_until,
    -- so receivers can switch without losing deliveries.
    previous_secret text    NOT NULL DEFAULT '',
    previous_until  timestamptz,
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX webhook_endpoints_list_idx ON webhook_endpoints (tenant_id, created_at DESC, id DESC);

CREATE TABLE webhook_deliveries (
    tenant_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    endpoint_id     uuid        NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    -- The exact bytes posted and signed: the event's CloudEvents JSON.
    body            bytea       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    -- attempts counts the current cycle (a resend starts a new one);
    -- total_attempts every attempt ever made.
    attempts        integer     NOT NULL DEFAULT 0,
    total_attempts  integer     NOT NULL DEFAULT 0,
    resends         integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    -- A runner's claim: another runner skips the delivery until
    -- lease_until, and only the holder of lease_id records the outcome.
    lease_id        uuid,
    lease_until     timestamptz,
    last_status     integer,
    last_error      text        NOT NULL DEFAULT '',
    last_attempt_at timestamptz,
    delivered_at    timestamptz,
    dead_at         timestamptz,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    -- An event redelivered to the consumer makes no second delivery.
    UNIQUE (tenant_id, endpoint_id, event_id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints ON DELETE CASCADE,
    CHECK (status <> 'pending' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_dead_idx ON webhook_deliveries (tenant_id, dead_at DESC, id DESC) WHERE status = 'dead';

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Cross-tenant path (docs/security.md): the webhook runner finds every
-- tenant's due deliveries and leases them, only through webhook_claim
-- below (the owner role cannot log in). It sees ids, not bodies or
-- secrets: each delivery is then read and settled in its tenant's
-- transaction.
CREATE POLICY runner_select ON webhook_endpoints FOR SELECT TO vextrus_owner USING (true);
CREATE POLICY runner_select ON webhook_deliveries FOR SELECT TO vextrus_owner USING (true);
CREATE POLICY runner_update ON webhook_deliveries FOR UPDATE TO vextrus_owner
    USING (status = 'pending') WITH CHECK (status = 'pending');

-- webhook_claim leases up to max_rows due deliveries of active endpoints
-- that no other runner holds, for lease_seconds, and returns them. Rows
-- another runner is claiming at the same moment are skipped (SKIP
-- LOCKED), and a lease that lapsed (its runner died) is taken over.
-- +goose StatementBegin
CREATE FUNCTION webhook_claim(max_rows integer, lease_seconds double precision)
RETURNS TABLE (tenant_id uuid, id uuid, lease_id uuid)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
    WITH due AS (
        SELECT d.tenant_id, d.id
        FROM notify.webhook_deliveries d
        JOIN notify.webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now()
          AND (d.lease_until IS NULL OR d.lease_until < now())
          AND e.status = 'active'
        ORDER BY d.next_attempt_at
        LIMIT max_rows
        FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE notify.webhook_deliveries d
    SET lease_id = gen_random_uuid(), lease_until = now() + make_interval(secs => lease_seconds)
    FROM due
    WHERE d.tenant_id = due.tenant_id AND d.id = due.id
    RETURNING d.tenant_id, d.id, d.lease_id
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION webhook_claim(integer, double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_claim(integer, double precision) TO vextrus_app;

-- +goose Down
DROP FUNCTION webhook_claim(integer, double precision);
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;

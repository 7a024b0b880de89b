-- +goose Up
-- The tamper-evident audit log: one hash chain per tenant. Each entry's
-- hash covers the previous entry's hash and the canonical event, so an
-- edit, insertion or deletion breaks the chain where it happened.
CREATE TABLE entries (
    tenant_id   uuid        NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    event_id    uuid        NOT NULL,
    type        text        NOT NULL,
    source      text        NOT NULL,
    subject     text        NOT NULL,
    actor       text        NOT NULL,
    request_id  text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- json, not jsonb: the hash covers the payload's exact bytes.
    data        json        NOT NULL,
    prev_hash   bytea       NOT NULL,
    hash        bytea       NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, event_id)
);
CREATE INDEX entries_subject_idx ON entries (tenant_id, subject, seq DESC);
CREATE INDEX entries_type_idx ON entries (tenant_id, type, seq DESC);
CREATE INDEX entries_actor_idx ON entries (tenant_id, actor, seq DESC);
CREATE INDEX entries_recorded_at_idx ON entries (tenant_id, recorded_at);

ALTER TABLE entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON entries
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Append-only for the application: no row qualifies for UPDATE or DELETE.
CREATE POLICY append_only_update ON entries AS RESTRICTIVE FOR UPDATE TO vextrus_app USING (false);
CREATE POLICY append_only_delete ON entries AS RESTRICTIVE FOR DELETE TO vextrus_app USING (false);
-- Cross-tenant path (docs/security.md): retention pruning of every
-- tenant's chain prefix, only through prune_entries below.
CREATE POLICY prune_select ON entries FOR SELECT TO vextrus_owner USING (true);
CREATE POLICY prune_delete ON entries FOR DELETE TO vextrus_owner USING (true);

-- The trigger refuses edits from anyone, the owner's pruning aside, even
-- where policies do not apply.
-- +goose StatementBegin
CREATE FUNCTION entries_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = 'vextrus_owner' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
-- +goose StatementEnd
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION entries_append_only();

-- The head of each tenant's chain. Appends lock it, so one tenant's
-- entries get their sequence numbers one transaction at a time. The anchor
-- is the last pruned entry: the first kept entry must follow it.
CREATE TABLE chain_heads (
    tenant_id   uuid   PRIMARY KEY,
    seq         bigint NOT NULL,
    hash        bytea  NOT NULL,
    anchor_seq  bigint NOT NULL,
    anchor_hash bytea  NOT NULL
);
ALTER TABLE chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE chain_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON chain_heads
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY prune_select ON chain_heads FOR SELECT TO vextrus_owner USING (true);
CREATE POLICY prune_update ON chain_heads FOR UPDATE TO vextrus_owner USING (true) WITH CHECK (true);

-- prune_entries deletes, for every tenant, the chain prefix recorded
-- before its cutoff: the tenant's own (tenants[i], befores[i]) or
-- default_before (NULL keeps the tenant's log). It moves the anchor first,
-- so the chain stays verifiable.
-- +goose StatementBegin
CREATE FUNCTION prune_entries(default_before timestamptz, tenants uuid[], befores timestamptz[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    h record;
    cutoff timestamptz;
    cut bigint;
    cut_hash bytea;
    n bigint;
    total bigint := 0;
BEGIN
    FOR h IN SELECT c.tenant_id, c.anchor_seq FROM audit.chain_heads c LOOP
        cutoff := coalesce(befores[array_position(tenants, h.tenant_id)], default_before);
        CONTINUE WHEN cutoff IS NULL;
        SELECT e.seq, e.hash INTO cut, cut_hash FROM audit.entries e
            WHERE e.tenant_id = h.tenant_id AND e.seq > h.anchor_seq AND e.recorded_at < cutoff
            ORDER BY e.seq DESC LIMIT 1;
        CONTINUE WHEN cut IS NULL;
        UPDATE audit.chain_heads c SET anchor_seq = cut, anchor_hash = cut_hash WHERE c.tenant_id = h.tenant_id;
        DELETE FROM audit.entries e WHERE e.tenant_id = h.tenant_id AND e.seq <= cut;
        GET DIAGNOSTICS n = ROW_COUNT;
        total := total + n;
    END LOOP;
    RETURN total;
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION prune_entries(timestamptz, uuid[], timestamptz[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_entries(timestamptz, uuid[], timestamptz[]) TO vextrus_app;

SELECT platform.create_inbox('audit');
SELECT platform.create_outbox('audit');

-- +goose Down
SELECT platform.drop_outbox('audit');
SELECT platform.drop_inbox('audit');
DROP FUNCTION prune_entries(timestamptz, uuid[], timestamptz[]);
DROP TABLE chain_heads;
DROP TABLE entries;
DROP FUNCTION entries_append_only();

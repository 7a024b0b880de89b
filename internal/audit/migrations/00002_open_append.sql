-- +goose Up
-- open_append starts an append to tenant t's chain in one round trip: it
-- locks the chain head (creating it with the genesis hash on the tenant's
-- first entry) and then reports which of ids the log already holds, so
-- the audit consumer needs no inbox of its own (docs/events.md,
-- "Consumers"). The lookup runs after the lock, in a statement of its
-- own, so it sees every entry appended before the lock was granted.
--
-- Each call is planned anew (plan_cache_mode): a plan kept from when the
-- log was nearly empty read the whole tenant through another index
-- instead of looking the ids up in the (tenant_id, event_id) index.
-- +goose StatementBegin
CREATE FUNCTION open_append(t uuid, ids uuid[], genesis bytea, OUT seq bigint, OUT hash bytea, OUT recorded uuid[])
LANGUAGE plpgsql SET search_path = pg_catalog SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    SELECT h.seq, h.hash INTO seq, hash FROM audit.chain_heads h WHERE h.tenant_id = t FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO audit.chain_heads (tenant_id, seq, hash, anchor_seq, anchor_hash)
            VALUES (t, 0, genesis, 0, genesis) ON CONFLICT DO NOTHING;
        SELECT h.seq, h.hash INTO STRICT seq, hash FROM audit.chain_heads h WHERE h.tenant_id = t FOR UPDATE;
    END IF;
    SELECT coalesce(array_agg(e.event_id), '{}') INTO recorded
        FROM audit.entries e WHERE e.tenant_id = t AND e.event_id = ANY(ids);
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION open_append(uuid, uuid[], bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION open_append(uuid, uuid[], bytea) TO vextrus_app;

-- The inbox the audit consumer kept before.
SELECT platform.drop_inbox('audit');

-- +goose Down
SELECT platform.create_inbox('audit');
DROP FUNCTION open_append(uuid, uuid[], bytea);

-- +goose Up
-- Retention (docs/notify.md): email and SMS deliveries that are done
-- (sent, or failed for good) and the requests of digests no longer
-- pending are deleted once older than notify.retention. A pending
-- delivery is never pruned, whatever its age.
--
-- Cross-tenant path (docs/security.md): the runner prunes every
-- tenant's history through this SECURITY DEFINER function, which
-- returns only a count. The owner may read and delete only finished
-- deliveries (due_select already lets it see pending ones, which the
-- digest check reads) and any digest item.
CREATE POLICY prune_select ON deliveries FOR SELECT TO vextrus_owner USING (state <> 'pending');
CREATE POLICY prune_delete ON deliveries FOR DELETE TO vextrus_owner USING (state <> 'pending');
CREATE POLICY prune_select ON digest_items FOR SELECT TO vextrus_owner USING (true);
CREATE POLICY prune_delete ON digest_items FOR DELETE TO vextrus_owner USING (true);

-- The prune reads finished deliveries oldest first; sent_at is set when
-- a delivery is sent, and a failed one keeps its creation time.
CREATE INDEX deliveries_done_idx ON deliveries ((coalesce(sent_at, created_at))) WHERE state <> 'pending';
CREATE INDEX digest_items_created_idx ON digest_items (created_at);

-- prune_history deletes up to max_rows finished deliveries finished
-- before the cutoff, and up to max_rows digest items gathered before it
-- whose digest is no longer pending; it returns how many rows went.
-- +goose StatementBegin
CREATE FUNCTION prune_history(done_before timestamptz, max_rows integer) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
    WITH deliveries AS (
        DELETE FROM notify.deliveries d WHERE (d.tenant_id, d.id) IN (
            SELECT p.tenant_id, p.id FROM notify.deliveries p
            WHERE p.state <> 'pending' AND coalesce(p.sent_at, p.created_at) < done_before
            ORDER BY coalesce(p.sent_at, p.created_at) LIMIT max_rows)
        RETURNING 1),
    items AS (
        DELETE FROM notify.digest_items i WHERE (i.tenant_id, i.digest, i.event_id) IN (
            SELECT p.tenant_id, p.digest, p.event_id FROM notify.digest_items p
            WHERE p.created_at < done_before
              AND NOT EXISTS (SELECT 1 FROM notify.deliveries d
                  WHERE d.tenant_id = p.tenant_id AND d.event_id = p.digest AND d.state = 'pending')
            ORDER BY p.created_at LIMIT max_rows)
        RETURNING 1)
    SELECT (SELECT count(*) FROM deliveries) + (SELECT count(*) FROM items)
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION prune_history(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_history(timestamptz, integer) TO vextrus_app;

-- +goose Down
DROP FUNCTION prune_history(timestamptz, integer);
DROP INDEX digest_items_created_idx;
DROP INDEX deliveries_done_idx;
DROP POLICY prune_delete ON digest_items;
DROP POLICY prune_select ON digest_items;
DROP POLICY prune_delete ON deliveries;
DROP POLICY prune_select ON deliveries;

-- +goose Up
-- Retention of webhook deliveries (docs/notify.md): one delivered or
-- dead longer than notify.retention ago goes with the email and SMS
-- history, body and all. A pending delivery is never pruned. A resend
-- clears dead_at and a new delivery moves delivered_at, so the later of
-- the two is when the delivery's last cycle ended.
CREATE POLICY prune_delete ON webhook_deliveries FOR DELETE TO vextrus_owner USING (status <> 'pending');
CREATE INDEX webhook_deliveries_done_idx ON webhook_deliveries ((greatest(delivered_at, dead_at))) WHERE status <> 'pending';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION prune_history(done_before timestamptz, max_rows integer) RETURNS bigint
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
        RETURNING 1),
    webhooks AS (
        DELETE FROM notify.webhook_deliveries w WHERE w.status <> 'pending' AND (w.tenant_id, w.id) IN (
            SELECT p.tenant_id, p.id FROM notify.webhook_deliveries p
            WHERE p.status <> 'pending' AND greatest(p.delivered_at, p.dead_at) < done_before
            ORDER BY greatest(p.delivered_at, p.dead_at) LIMIT max_rows)
        RETURNING 1)
    SELECT (SELECT count(*) FROM deliveries) + (SELECT count(*) FROM items) + (SELECT count(*) FROM webhooks)
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION prune_history(done_before timestamptz, max_rows integer) RETURNS bigint
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
DROP INDEX webhook_deliveries_done_idx;
DROP POLICY prune_delete ON webhook_deliveries;

-- +goose Up
-- An approval is recorded (open) before its run starts, and a run's
-- first projection write moves it to level 1 at once. A process that
-- dies between the record and the start, while the document's service
-- lives on elsewhere, leaves it pending at level 0 with no run, waiting
-- for nobody. The sweep (sweep.go) finds those and ends each through a
-- run of its own.
CREATE INDEX approvals_unstarted ON approvals (updated_at) WHERE status = 'pending' AND level = 0;

-- Cross-tenant path (docs/security.md): the sweep asks which tenants have
-- such approvals, then works in each tenant's own transaction. The owner
-- sees only pending approvals at level 0, and only through this SECURITY
-- DEFINER function, which returns tenant ids and nothing else.
CREATE POLICY unstarted_select ON approvals FOR SELECT TO vextrus_owner
    USING (status = 'pending' AND level = 0);

-- +goose StatementBegin
CREATE FUNCTION unstarted_tenants(before timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT DISTINCT tenant_id FROM workflow.approvals
    WHERE status = 'pending' AND level = 0 AND updated_at < before;
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION unstarted_tenants(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unstarted_tenants(timestamptz) TO vextrus_app;

-- +goose Down
DROP FUNCTION unstarted_tenants(timestamptz);
DROP POLICY unstarted_select ON approvals;
DROP INDEX approvals_unstarted;

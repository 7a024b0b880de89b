-- +goose Up
-- A purchase order is marked submitted first and its approval asked of
-- the workflow after that commits; a process that dies between the two
-- (a crash, a kill, a lost host) leaves it submitted with no approval
-- recorded. The resumer (purchase_resume.go) asks again, in the name of
-- whoever submitted it: submitted_by keeps who that was.
ALTER TABLE purchase_orders ADD COLUMN submitted_by text NOT NULL DEFAULT '';
CREATE INDEX purchase_orders_unasked ON purchase_orders (submitted_at) WHERE status = 'submitted' AND approval_id IS NULL;

-- Cross-tenant path (docs/security.md): the resumer asks which tenants
-- have such documents, then works in each tenant's own transaction. The
-- owner sees only submitted documents with no approval, and only through
-- this SECURITY DEFINER function, which returns tenant ids and nothing
-- else.
CREATE POLICY unasked_select ON purchase_orders FOR SELECT TO vextrus_owner
    USING (status = 'submitted' AND approval_id IS NULL);

-- +goose StatementBegin
CREATE FUNCTION unasked_tenants(before timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT DISTINCT tenant_id FROM orders.purchase_orders
    WHERE status = 'submitted' AND approval_id IS NULL AND submitted_at < before;
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION unasked_tenants(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unasked_tenants(timestamptz) TO vextrus_app;

-- +goose Down
DROP FUNCTION unasked_tenants(timestamptz);
DROP POLICY unasked_select ON purchase_orders;
DROP INDEX purchase_orders_unasked;
ALTER TABLE purchase_orders DROP COLUMN submitted_by;

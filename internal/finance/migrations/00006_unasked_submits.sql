-- +goose Up
-- A document is marked submitted first and its approval asked of the
-- workflow after that commits; a process that dies between the two (a
-- crash, a kill, a lost host) leaves it submitted with no approval
-- recorded. The resumer (resume.go) asks again, in the name of whoever
-- submitted it: submitted_by keeps who that was.
ALTER TABLE invoices ADD COLUMN submitted_by text NOT NULL DEFAULT '';
CREATE INDEX invoices_unasked ON invoices (submitted_at) WHERE status = 'submitted' AND approval_id IS NULL;

-- Cross-tenant path (docs/security.md): the resumer asks which tenants
-- have such documents, then works in each tenant's own transaction. The
-- owner sees only submitted documents with no approval, and only through
-- this SECURITY DEFINER function, which returns tenant ids and nothing
-- else.
CREATE POLICY unasked_select ON invoices FOR SELECT TO vextrus_owner
    USING (status = 'submitted' AND approval_id IS NULL);

-- +goose StatementBegin
CREATE FUNCTION unasked_tenants(before timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT DISTINCT tenant_id FROM finance.invoices
    WHERE status = 'submitted' AND approval_id IS NULL AND submitted_at < before;
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION unasked_tenants(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION unasked_tenants(timestamptz) TO vextrus_app;

-- +goose Down
DROP FUNCTION unasked_tenants(timestamptz);
DROP POLICY unasked_select ON invoices;
DROP INDEX invoices_unasked;
ALTER TABLE invoices DROP COLUMN submitted_by;

-- +goose Up
-- An import job is run by one process, which holds a lease on it and
-- renews it while it works. A job still running when its lease has lapsed
-- lost its process (a crash, a kill, a lost host): fail_interrupted_imports
-- marks it failed with reason 'interrupted', so it does not stay running
-- forever; importing the file again finishes it, since rows already
-- created are skipped.
ALTER TABLE import_jobs
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN reason      text NOT NULL DEFAULT '' CHECK (reason IN ('', 'interrupted', 'error'));
UPDATE import_jobs SET lease_until = created_at WHERE status = 'running';
ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_running_lease CHECK (status <> 'running' OR lease_until IS NOT NULL);

-- Cross-tenant path (docs/security.md): failing the jobs of every tenant
-- whose lease lapsed. The owner sees only jobs whose lease lapsed (the
-- updated row must stay visible), changes only running ones to failed as
-- interrupted, and only through this SECURITY DEFINER function.
CREATE POLICY interrupted_select ON import_jobs FOR SELECT TO vextrus_owner
    USING (lease_until < now());
CREATE POLICY interrupted_update ON import_jobs FOR UPDATE TO vextrus_owner
    USING (status = 'running' AND lease_until < now())
    WITH CHECK (status = 'failed' AND reason = 'interrupted');

-- +goose StatementBegin
CREATE FUNCTION fail_interrupted_imports() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    n bigint;
BEGIN
    UPDATE masterdata.import_jobs SET status = 'failed', reason = 'interrupted', finished_at = lease_until
        WHERE status = 'running' AND lease_until < now();
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
-- +goose StatementEnd

REVOKE ALL ON FUNCTION fail_interrupted_imports() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fail_interrupted_imports() TO vextrus_app;

-- +goose Down
DROP FUNCTION fail_interrupted_imports();
DROP POLICY interrupted_update ON import_jobs;
DROP POLICY interrupted_select ON import_jobs;
ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_running_lease;
ALTER TABLE import_jobs DROP COLUMN reason, DROP COLUMN lease_until;

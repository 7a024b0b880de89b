-- +goose Up
-- Document jobs (docs/documents.md): each row is one request for a
-- document and one Temporal workflow of the same id, whose activities
-- move it from queued through running to succeeded (with the stored
-- file) or failed (with the error). A finished job never changes.
CREATE TABLE jobs (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('mushak_6_3', 'mushak_6_1', 'mushak_6_2', 'vat_return_9_1', 'trial_balance', 'ageing')),
    params       jsonb       NOT NULL CHECK (jsonb_typeof(params) = 'object'),
    status       text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    progress     integer     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    step         text        NOT NULL DEFAULT '' CHECK (length(step) <= 200),
    file_id      uuid,
    file_name    text        NOT NULL DEFAULT '' CHECK (length(file_name) <= 255),
    error        text        NOT NULL DEFAULT '' CHECK (length(error) <= 2000),
    requested_by text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    CHECK (status <> 'succeeded' OR (file_id IS NOT NULL AND progress = 100 AND finished_at IS NOT NULL)),
    CHECK (status <> 'failed' OR (error <> '' AND finished_at IS NOT NULL))
);

-- The list reads newest first.
CREATE INDEX jobs_created ON jobs (tenant_id, created_at DESC, id DESC);

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON jobs
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

SELECT platform.create_outbox('documents');

-- +goose Down
SELECT platform.drop_outbox('documents');
DROP TABLE jobs;

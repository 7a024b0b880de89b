-- +goose Up
-- approvals is the projection of every approval workflow: who submitted
-- what and where it stands. The workflow is the source of truth; this
-- table answers "which approval is this id" under row-level security, so
-- another tenant's id is simply not found.
CREATE TABLE approvals (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    workflow_id   text        NOT NULL,
    doc_service   text        NOT NULL,
    doc_type      text        NOT NULL,
    doc_id        text        NOT NULL,
    amount        numeric     NOT NULL,
    currency      text        NOT NULL,
    department    text        NOT NULL DEFAULT '',
    summary       text        NOT NULL DEFAULT '',
    submitter     uuid        NOT NULL,
    status        text        NOT NULL,
    level         integer     NOT NULL DEFAULT 0,
    level_count   integer     NOT NULL DEFAULT 0,
    -- run counts resubmissions after a rejection, withdrawal or expiry.
    run           integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    decided_by    uuid,
    delivered_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, doc_service, doc_type, doc_id)
);
CREATE INDEX approvals_submitter_idx ON approvals (tenant_id, submitter, created_at DESC);
ALTER TABLE approvals ENABLE ROW LEVEL SECURITY;
ALTER TABLE approvals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON approvals
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- inbox is what waits for whom: one row per approval and inbox key
-- ("user:<id>", "role:<name>", "dept:<department>:<head|member>"). A user's
-- inbox is one index scan over their keys (workflow.Actor.Keys).
CREATE TABLE inbox (
    tenant_id    uuid        NOT NULL,
    approval_id  uuid        NOT NULL,
    assignee     text        NOT NULL,
    task         text        NOT NULL,
    level        integer     NOT NULL,
    level_name   text        NOT NULL DEFAULT '',
    doc_type     text        NOT NULL,
    doc_id       text        NOT NULL,
    amount       numeric     NOT NULL,
    currency     text        NOT NULL,
    summary      text        NOT NULL DEFAULT '',
    submitter    uuid        NOT NULL,
    -- decided are the users who already approved at this level.
    decided      uuid[]      NOT NULL DEFAULT '{}',
    due_at       timestamptz,
    since        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, approval_id, assignee),
    FOREIGN KEY (tenant_id, approval_id) REFERENCES approvals (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX inbox_assignee_idx ON inbox (tenant_id, assignee, since DESC, approval_id);
ALTER TABLE inbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inbox
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- delegations hand a user's approvals to another for a period, with the
-- delegator's roles and departments as they were when it was made.
CREATE TABLE delegations (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    from_user    uuid        NOT NULL,
    to_user      uuid        NOT NULL,
    roles        text[]      NOT NULL DEFAULT '{}',
    departments  jsonb       NOT NULL DEFAULT '[]',
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (ends_at > starts_at),
    CHECK (from_user <> to_user)
);
CREATE INDEX delegations_to_idx ON delegations (tenant_id, to_user, ends_at) WHERE revoked_at IS NULL;
ALTER TABLE delegations ENABLE ROW LEVEL SECURITY;
ALTER TABLE delegations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON delegations
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

SELECT platform.create_outbox('workflow');

-- +goose Down
SELECT platform.drop_outbox('workflow');
DROP TABLE delegations;
DROP TABLE inbox;
DROP TABLE approvals;

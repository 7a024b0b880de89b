-- +goose Up
-- The approval requests a digest lists (digest.go). A digest is a
-- delivery whose event_id is its key (approvals-digest:<when it goes>);
-- each request it gathers is one row here, naming the deliveries it
-- belongs to as "<channel> <recipient>": one row per request, not one
-- per recipient, however many hold the role.
CREATE TABLE digest_items (
    tenant_id  uuid        NOT NULL,
    digest     text        NOT NULL,
    event_id   text        NOT NULL,
    recipients text[]      NOT NULL,
    vars       jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, digest, event_id)
);

ALTER TABLE digest_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE digest_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON digest_items
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE digest_items;

-- +goose Up
-- One settings document per tenant (tenantsettings.Settings), read and
-- written whole with its version, so it is jsonb rather than columns: the
-- platform package validates it, the table only keeps it.
CREATE TABLE tenant_settings (
    tenant_id  uuid        PRIMARY KEY,
    document   jsonb       NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    version    integer     NOT NULL CHECK (version > 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- updated_by is the user or API key of the last change; empty for the
    -- platform (seeding a new tenant).
    updated_by text        NOT NULL DEFAULT '',
    reason     text        NOT NULL DEFAULT ''
);

-- A tenant's own state of a feature flag; a flag without a row follows
-- the catalog's default. Each flag has its own version.
CREATE TABLE feature_flags (
    tenant_id       uuid        NOT NULL,
    key             text        NOT NULL CHECK (length(key) <= 64),
    enabled         boolean     NOT NULL,
    rollout_percent integer     NOT NULL CHECK (rollout_percent BETWEEN 0 AND 100),
    rollout_by      text        NOT NULL CHECK (rollout_by IN ('user', 'tenant')),
    killed          boolean     NOT NULL,
    version         integer     NOT NULL CHECK (version > 0),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text        NOT NULL DEFAULT '',
    reason          text        NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, key)
);

ALTER TABLE tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_settings
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE feature_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE feature_flags FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON feature_flags
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE feature_flags;
DROP TABLE tenant_settings;

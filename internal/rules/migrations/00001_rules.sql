-- +goose Up
-- Rule sets: a named decision with typed input and output (DESIGN §7).
CREATE TABLE rule_sets (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    key           text        NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' AND length(key) <= 100),
    name          text        NOT NULL,
    description   text        NOT NULL DEFAULT '',
    input_schema  jsonb       NOT NULL,
    output_schema jsonb       NOT NULL,
    revision      integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, key)
);

-- Versions: decision tables. Rows and tests are documents read and written
-- whole with their version, so they are jsonb rather than child tables.
CREATE TABLE rule_versions (
    tenant_id      uuid        NOT NULL,
    id             uuid        NOT NULL,
    set_id         uuid        NOT NULL,
    number         integer     NOT NULL CHECK (number > 0),
    status         text        NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'RETIRED')),
    hit_policy     text        NOT NULL CHECK (hit_policy IN ('FIRST', 'COLLECT')),
    collect_as     text        NOT NULL DEFAULT '',
    effective_from date        NOT NULL,
    -- effective_to is the last day the version applies; NULL is open-ended.
    effective_to   date        CHECK (effective_to IS NULL OR effective_to >= effective_from),
    reference      text        NOT NULL DEFAULT '',
    rows           jsonb       NOT NULL,
    tests          jsonb       NOT NULL,
    revision       integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz,
    retired_at     timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, set_id, number),
    FOREIGN KEY (tenant_id, set_id) REFERENCES rule_sets (tenant_id, id) ON DELETE CASCADE
);

-- Evaluation loads the published versions of one set.
CREATE INDEX rule_versions_published_idx ON rule_versions (tenant_id, set_id, effective_from)
    WHERE status = 'PUBLISHED';

ALTER TABLE rule_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_sets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rule_sets
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE rule_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rule_versions
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE rule_versions;
DROP TABLE rule_sets;

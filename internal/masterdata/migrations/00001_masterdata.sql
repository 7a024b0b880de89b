-- +goose Up
-- Master data: customers, vendors, products and tenant-defined units.
-- Every record table has the same shape: the columns that lists filter,
-- search and sort on, and the rest of the validated record as a jsonb
-- document (data). The service validates the document; the columns carry
-- the constraints that must hold whatever writes them.

CREATE TABLE customers (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    -- code is the tenant's key for the record (a product's SKU); imports
    -- are idempotent on it.
    code         text        NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_bn      text        NOT NULL DEFAULT '',
    kind         text        NOT NULL DEFAULT '',
    status       text        NOT NULL,
    bin          text        CHECK (bin ~ '^[0-9]{13}$'),
    tin          text        CHECK (tin ~ '^[0-9]{12}$'),
    tags         text[]      NOT NULL DEFAULT '{}',
    data         jsonb       NOT NULL,
    version      integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    created_by   text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    archived_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT customers_code_key UNIQUE (tenant_id, code)
);
CREATE INDEX customers_bin_idx ON customers (tenant_id, bin) WHERE bin IS NOT NULL;
CREATE INDEX customers_tin_idx ON customers (tenant_id, tin) WHERE tin IS NOT NULL;
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE customers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON customers
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- The search index of customers: one row per prefix of every word of code,
-- names and identifiers (lowercased), and per tag ("#vip"). A btree,
-- because under row-level security only leakproof operators may use an
-- index before the tenant policy is applied, and text equality is one
-- while the array containment a GIN index would need is not.
CREATE TABLE customers_terms (
    tenant_id uuid NOT NULL,
    term      text NOT NULL,
    id        uuid NOT NULL,
    PRIMARY KEY (tenant_id, term, id)
);
CREATE INDEX customers_terms_id_idx ON customers_terms (tenant_id, id);
ALTER TABLE customers_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE customers_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON customers_terms
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE vendors (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    -- code is the tenant's key for the record (a product's SKU); imports
    -- are idempotent on it.
    code         text        NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_bn      text        NOT NULL DEFAULT '',
    kind         text        NOT NULL DEFAULT '',
    status       text        NOT NULL,
    bin          text        CHECK (bin ~ '^[0-9]{13}$'),
    tin          text        CHECK (tin ~ '^[0-9]{12}$'),
    tags         text[]      NOT NULL DEFAULT '{}',
    data         jsonb       NOT NULL,
    version      integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    created_by   text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    archived_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT vendors_code_key UNIQUE (tenant_id, code)
);
CREATE INDEX vendors_bin_idx ON vendors (tenant_id, bin) WHERE bin IS NOT NULL;
CREATE INDEX vendors_tin_idx ON vendors (tenant_id, tin) WHERE tin IS NOT NULL;
ALTER TABLE vendors ENABLE ROW LEVEL SECURITY;
ALTER TABLE vendors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vendors
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- The search index of vendors: one row per prefix of every word of code,
-- names and identifiers (lowercased), and per tag ("#vip"). A btree,
-- because under row-level security only leakproof operators may use an
-- index before the tenant policy is applied, and text equality is one
-- while the array containment a GIN index would need is not.
CREATE TABLE vendors_terms (
    tenant_id uuid NOT NULL,
    term      text NOT NULL,
    id        uuid NOT NULL,
    PRIMARY KEY (tenant_id, term, id)
);
CREATE INDEX vendors_terms_id_idx ON vendors_terms (tenant_id, id);
ALTER TABLE vendors_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE vendors_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vendors_terms
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE products (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    -- code is the tenant's key for the record (a product's SKU); imports
    -- are idempotent on it.
    code         text        NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_bn      text        NOT NULL DEFAULT '',
    kind         text        NOT NULL DEFAULT '',
    status       text        NOT NULL,
    bin          text        CHECK (bin ~ '^[0-9]{13}$'),
    tin          text        CHECK (tin ~ '^[0-9]{12}$'),
    tags         text[]      NOT NULL DEFAULT '{}',
    data         jsonb       NOT NULL,
    version      integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    created_by   text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    archived_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT products_code_key UNIQUE (tenant_id, code)
);
CREATE INDEX products_bin_idx ON products (tenant_id, bin) WHERE bin IS NOT NULL;
CREATE INDEX products_tin_idx ON products (tenant_id, tin) WHERE tin IS NOT NULL;
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
ALTER TABLE products FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON products
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- The search index of products: one row per prefix of every word of code,
-- names and identifiers (lowercased), and per tag ("#vip"). A btree,
-- because under row-level security only leakproof operators may use an
-- index before the tenant policy is applied, and text equality is one
-- while the array containment a GIN index would need is not.
CREATE TABLE products_terms (
    tenant_id uuid NOT NULL,
    term      text NOT NULL,
    id        uuid NOT NULL,
    PRIMARY KEY (tenant_id, term, id)
);
CREATE INDEX products_terms_id_idx ON products_terms (tenant_id, id);
ALTER TABLE products_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE products_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON products_terms
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE units (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    -- code is the tenant's key for the record (a product's SKU); imports
    -- are idempotent on it.
    code         text        NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_bn      text        NOT NULL DEFAULT '',
    kind         text        NOT NULL DEFAULT '',
    status       text        NOT NULL,
    bin          text        CHECK (bin ~ '^[0-9]{13}$'),
    tin          text        CHECK (tin ~ '^[0-9]{12}$'),
    tags         text[]      NOT NULL DEFAULT '{}',
    data         jsonb       NOT NULL,
    version      integer     NOT NULL DEFAULT 1 CHECK (version > 0),
    created_by   text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    archived_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT units_code_key UNIQUE (tenant_id, code)
);
CREATE INDEX units_bin_idx ON units (tenant_id, bin) WHERE bin IS NOT NULL;
CREATE INDEX units_tin_idx ON units (tenant_id, tin) WHERE tin IS NOT NULL;
ALTER TABLE units ENABLE ROW LEVEL SECURITY;
ALTER TABLE units FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON units
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- The search index of units: one row per prefix of every word of code,
-- names and identifiers (lowercased), and per tag ("#vip"). A btree,
-- because under row-level security only leakproof operators may use an
-- index before the tenant policy is applied, and text equality is one
-- while the array containment a GIN index would need is not.
CREATE TABLE units_terms (
    tenant_id uuid NOT NULL,
    term      text NOT NULL,
    id        uuid NOT NULL,
    PRIMARY KEY (tenant_id, term, id)
);
CREATE INDEX units_terms_id_idx ON units_terms (tenant_id, id);
ALTER TABLE units_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE units_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON units_terms
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- An import job: one CSV upload, its progress and the rows it refused.
CREATE TABLE import_jobs (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    resource    text        NOT NULL CHECK (resource IN ('customers', 'vendors', 'products', 'units')),
    status      text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    total       integer     NOT NULL DEFAULT 0,
    processed   integer     NOT NULL DEFAULT 0,
    created     integer     NOT NULL DEFAULT 0,
    skipped     integer     NOT NULL DEFAULT 0,
    failed      integer     NOT NULL DEFAULT 0,
    errors      jsonb       NOT NULL DEFAULT '[]',
    created_by  text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    finished_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE import_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON import_jobs
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

SELECT platform.create_outbox('masterdata');

-- analyze_records refreshes the planner statistics of one record table
-- and its search index after an import. Until autovacuum gets round to it, a table that just
-- grew by thousands of rows is planned as if nearly empty. ANALYZE needs
-- the owner; the function touches no rows, so it is no cross-tenant path.
-- +goose StatementBegin
CREATE FUNCTION analyze_records(resource text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF resource NOT IN ('customers', 'vendors', 'products', 'units') THEN
        RAISE EXCEPTION 'unknown resource %', resource;
    END IF;
    EXECUTE format('ANALYZE masterdata.%I', resource);
    EXECUTE format('ANALYZE masterdata.%I', resource || '_terms');
END $$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION analyze_records(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analyze_records(text) TO vextrus_app;

-- +goose Down
DROP FUNCTION analyze_records(text);
SELECT platform.drop_outbox('masterdata');
DROP TABLE import_jobs;
DROP TABLE units_terms;
DROP TABLE units;
DROP TABLE products_terms;
DROP TABLE products;
DROP TABLE vendors_terms;
DROP TABLE vendors;
DROP TABLE customers_terms;
DROP TABLE customers;

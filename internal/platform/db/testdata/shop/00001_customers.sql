-- +goose Up
CREATE TABLE customers (
    tenant_id    uuid   NOT NULL,
    id           uuid   NOT NULL DEFAULT gen_random_uuid(),
    bin          text   NOT NULL,
    name         text   NOT NULL CONSTRAINT customers_name_check CHECK (length(name) > 0),
    credit_limit bigint NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, bin)
);
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE customers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON customers
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE orders (
    tenant_id   uuid   NOT NULL,
    id          bigserial,
    customer_id uuid   NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON orders
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE orders;
DROP TABLE customers;

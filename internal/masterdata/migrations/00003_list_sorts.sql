-- +goose Up
-- The indexes of the sorted lists (sort=name, createdAt, updatedAt): a
-- page of a list sorted by one of them is a range scan of its index from
-- the cursor's (value, id), as fast at the 100,000th row as at the first.
-- A sort by code uses the unique key on (tenant_id, code).
CREATE INDEX customers_name_idx ON customers (tenant_id, name, id);
CREATE INDEX customers_created_idx ON customers (tenant_id, created_at, id);
CREATE INDEX customers_updated_idx ON customers (tenant_id, updated_at, id);
CREATE INDEX vendors_name_idx ON vendors (tenant_id, name, id);
CREATE INDEX vendors_created_idx ON vendors (tenant_id, created_at, id);
CREATE INDEX vendors_updated_idx ON vendors (tenant_id, updated_at, id);
CREATE INDEX products_name_idx ON products (tenant_id, name, id);
CREATE INDEX products_created_idx ON products (tenant_id, created_at, id);
CREATE INDEX products_updated_idx ON products (tenant_id, updated_at, id);
CREATE INDEX units_name_idx ON units (tenant_id, name, id);

-- +goose Down
DROP INDEX units_name_idx;
DROP INDEX products_updated_idx;
DROP INDEX products_created_idx;
DROP INDEX products_name_idx;
DROP INDEX vendors_updated_idx;
DROP INDEX vendors_created_idx;
DROP INDEX vendors_name_idx;
DROP INDEX customers_updated_idx;
DROP INDEX customers_created_idx;
DROP INDEX customers_name_idx;

-- +goose Up
-- A reorder level per product per location: the quantity at or below
-- which the location's stock of the product is low and should be
-- reordered. Per location because a warehouse and a project site of the
-- same tenant need different levels of the same cement; a separate table
-- because a product may have a level where it has never had stock (no
-- stock_levels row yet: that is low stock too, at zero on hand).
-- reorder_level is in ten-thousandths of the product's unit, as on_hand.
CREATE TABLE reorder_levels (
    tenant_id     uuid        NOT NULL,
    product_id    uuid        NOT NULL,
    location_id   uuid        NOT NULL,
    reorder_level bigint      NOT NULL CHECK (reorder_level > 0),
    updated_by    text        NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, product_id, location_id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
ALTER TABLE reorder_levels ENABLE ROW LEVEL SECURITY;
ALTER TABLE reorder_levels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reorder_levels
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE reorder_levels;

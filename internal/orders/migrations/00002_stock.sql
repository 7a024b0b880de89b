-- +goose Up
-- Stock moves only with a movement row (docs/orders.md, Stock).
--
-- Inserting a stock_movements row applies it to its stock level
-- (stock_movement_apply); a level's on_hand and value cannot change any
-- other way (stock_level_keep refuses it outside that trigger), and a
-- movement, once written, is neither changed nor deleted. The service
-- computes each movement under the level's row lock (stock_move.go); the
-- trigger checks that the level it reaches is the on_hand_after the
-- service computed, and the CHECKs of stock_levels stay the last guard
-- against a negative stock.

-- +goose StatementBegin
CREATE FUNCTION orders.stock_movement_apply() RETURNS trigger LANGUAGE plpgsql SET search_path = orders, pg_catalog AS $$
DECLARE
    after bigint;
BEGIN
    UPDATE stock_levels SET on_hand = on_hand + NEW.quantity, value = value + NEW.value, updated_at = now()
        WHERE tenant_id = NEW.tenant_id AND product_id = NEW.product_id AND location_id = NEW.location_id
        RETURNING on_hand INTO after;
    IF NOT FOUND THEN
        INSERT INTO stock_levels (tenant_id, product_id, location_id, on_hand, value)
            VALUES (NEW.tenant_id, NEW.product_id, NEW.location_id, NEW.quantity, NEW.value)
            RETURNING on_hand INTO after;
    END IF;
    IF after <> NEW.on_hand_after THEN
        RAISE EXCEPTION 'stock movement % leaves % on hand, not the % it records', NEW.id, after, NEW.on_hand_after;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER stock_movements_apply AFTER INSERT ON stock_movements
    FOR EACH ROW EXECUTE FUNCTION orders.stock_movement_apply();

-- +goose StatementBegin
CREATE FUNCTION orders.stock_movement_keep() RETURNS trigger LANGUAGE plpgsql SET search_path = orders, pg_catalog AS $$
BEGIN
    RAISE EXCEPTION 'stock movements are never changed or deleted: record a movement the other way';
END $$;
-- +goose StatementEnd
CREATE TRIGGER stock_movements_keep BEFORE UPDATE OR DELETE ON stock_movements
    FOR EACH ROW EXECUTE FUNCTION orders.stock_movement_keep();

-- pg_trigger_depth() is 1 in a trigger fired by a statement of the
-- service and 2 in one fired by stock_movement_apply's statements.
-- +goose StatementBegin
CREATE FUNCTION orders.stock_level_keep() RETURNS trigger LANGUAGE plpgsql SET search_path = orders, pg_catalog AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' AND (NEW.on_hand <> 0 OR NEW.value <> 0)
        OR TG_OP = 'UPDATE' AND (NEW.on_hand <> OLD.on_hand OR NEW.value <> OLD.value)
        OR TG_OP = 'DELETE' AND (OLD.on_hand <> 0 OR OLD.value <> 0) THEN
        RAISE EXCEPTION 'stock of product % at location % moves only with a stock movement', COALESCE(NEW.product_id, OLD.product_id),
            COALESCE(NEW.location_id, OLD.location_id);
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
-- +goose StatementEnd
CREATE TRIGGER stock_levels_keep BEFORE INSERT OR UPDATE OR DELETE ON stock_levels
    FOR EACH ROW EXECUTE FUNCTION orders.stock_level_keep();

-- The newest movements first, for the movements list without a product.
CREATE INDEX stock_movements_list ON stock_movements (tenant_id, created_at DESC, id DESC);

-- An issue of materials to a project or a transfer between locations:
-- the numbered document whose lines are its stock movements
-- (source_type issue or transfer, source_id the document's id).
CREATE TABLE stock_documents (
    tenant_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    number          text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('issue', 'transfer')),
    location_id     uuid        NOT NULL,
    to_location_id  uuid,
    project         text        NOT NULL DEFAULT '' CHECK (length(project) <= 200),
    occurred_on     date        NOT NULL,
    note            text        NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    created_by      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
    FOREIGN KEY (tenant_id, to_location_id) REFERENCES locations (tenant_id, id),
    CONSTRAINT stock_documents_shape_check CHECK (
        kind = 'issue' AND to_location_id IS NULL AND project <> ''
        OR kind = 'transfer' AND to_location_id IS NOT NULL AND to_location_id <> location_id)
);
CREATE INDEX stock_documents_list ON stock_documents (tenant_id, created_at DESC, id DESC);

ALTER TABLE stock_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE stock_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stock_documents
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- +goose Down
DROP TABLE stock_documents;
DROP INDEX stock_movements_list;
DROP TRIGGER stock_levels_keep ON stock_levels;
DROP FUNCTION orders.stock_level_keep();
DROP TRIGGER stock_movements_keep ON stock_movements;
DROP FUNCTION orders.stock_movement_keep();
DROP TRIGGER stock_movements_apply ON stock_movements;
DROP FUNCTION orders.stock_movement_apply();

-- +goose Up
-- A search sorted by name reads its first word's postings in name order:
-- each term row carries its record's name (kept with the terms, which
-- every write rewrites), and the index on (tenant_id, term, sort_name, id)
-- gives a word's records in the order a sorted page wants, so a page of
-- "padma" by name reads about a page of postings from the cursor on
-- instead of walking the name index for the few rows that match.
ALTER TABLE customers_terms ADD COLUMN sort_name text NOT NULL DEFAULT '';
ALTER TABLE vendors_terms ADD COLUMN sort_name text NOT NULL DEFAULT '';
ALTER TABLE products_terms ADD COLUMN sort_name text NOT NULL DEFAULT '';
ALTER TABLE units_terms ADD COLUMN sort_name text NOT NULL DEFAULT '';
UPDATE customers_terms t SET sort_name = r.name FROM customers r WHERE r.tenant_id = t.tenant_id AND r.id = t.id;
UPDATE vendors_terms t SET sort_name = r.name FROM vendors r WHERE r.tenant_id = t.tenant_id AND r.id = t.id;
UPDATE products_terms t SET sort_name = r.name FROM products r WHERE r.tenant_id = t.tenant_id AND r.id = t.id;
UPDATE units_terms t SET sort_name = r.name FROM units r WHERE r.tenant_id = t.tenant_id AND r.id = t.id;
CREATE INDEX customers_terms_name_idx ON customers_terms (tenant_id, term, sort_name, id);
CREATE INDEX vendors_terms_name_idx ON vendors_terms (tenant_id, term, sort_name, id);
CREATE INDEX products_terms_name_idx ON products_terms (tenant_id, term, sort_name, id);
CREATE INDEX units_terms_name_idx ON units_terms (tenant_id, term, sort_name, id);

-- +goose Down
DROP INDEX units_terms_name_idx;
DROP INDEX products_terms_name_idx;
DROP INDEX vendors_terms_name_idx;
DROP INDEX customers_terms_name_idx;
ALTER TABLE units_terms DROP COLUMN sort_name;
ALTER TABLE products_terms DROP COLUMN sort_name;
ALTER TABLE vendors_terms DROP COLUMN sort_name;
ALTER TABLE customers_terms DROP COLUMN sort_name;

-- +goose Up
-- The indexes of the sorted lists of purchase orders: a page of a list
-- sorted by one of these fields is a range scan of its index from the
-- cursor's (value, id). created_at has purchase_orders_list already.
CREATE INDEX purchase_orders_sort_order_date ON purchase_orders (tenant_id, order_date, id);
CREATE INDEX purchase_orders_sort_delivery ON purchase_orders (tenant_id, delivery_date, id);
CREATE INDEX purchase_orders_sort_amount ON purchase_orders (tenant_id, amount, id);
CREATE INDEX purchase_orders_sort_vendor ON purchase_orders (tenant_id, vendor_name, id);

-- +goose Down
DROP INDEX purchase_orders_sort_vendor;
DROP INDEX purchase_orders_sort_amount;
DROP INDEX purchase_orders_sort_delivery;
DROP INDEX purchase_orders_sort_order_date;

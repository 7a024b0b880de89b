-- +goose Up
-- The indexes of the sorted lists of invoices and payments: a page of a
-- list sorted by one of these fields is a range scan of its index from the
-- cursor's (value, id). created_at of invoices and date of payments have
-- theirs already (invoices_list, payments_date), a payment's number its
-- unique key.
CREATE INDEX invoices_sort_date ON invoices (tenant_id, invoice_date, id);
CREATE INDEX invoices_sort_due ON invoices (tenant_id, due_date, id);
CREATE INDEX invoices_sort_total ON invoices (tenant_id, total, id);
CREATE INDEX invoices_sort_party ON invoices (tenant_id, party_name, id);
CREATE INDEX payments_sort_amount ON payments (tenant_id, amount, id);
CREATE INDEX payments_sort_created ON payments (tenant_id, created_at, id);

-- +goose Down
DROP INDEX payments_sort_created;
DROP INDEX payments_sort_amount;
DROP INDEX invoices_sort_party;
DROP INDEX invoices_sort_total;
DROP INDEX invoices_sort_due;
DROP INDEX invoices_sort_date;

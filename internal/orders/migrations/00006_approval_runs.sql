-- +goose Up
-- An approval keeps its id across an order's submissions (the id is the
-- order's); each submission after a rejection, withdrawal or expiry is a
-- new run of it, and the workflow's outcomes carry their run.
-- approval_ended_run is the last run whose outcome sent the order back
-- (to draft, or to quotation): an outcome of that run or an earlier one,
-- arriving late, is not about the order's current submission.
ALTER TABLE purchase_orders ADD COLUMN approval_ended_run integer NOT NULL DEFAULT 0;
ALTER TABLE sales_orders ADD COLUMN approval_ended_run integer NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE sales_orders DROP COLUMN approval_ended_run;
ALTER TABLE purchase_orders DROP COLUMN approval_ended_run;

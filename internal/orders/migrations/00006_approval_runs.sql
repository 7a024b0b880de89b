-- +goose Up
-- An approval keeps its id across an order's submissions (the id is the
-- order's); each submission after a rejection, withdrawal or expiry is a
-- new run of it, and the workflow's outcomes carry their run. An order
-- applies only the outcome of the run it waits on: approval_run is that
-- run, recorded with the approval's answer and 0 once the order is sent
-- back; approval_ended_run is the last run whose outcome sent it back (to
-- draft, or to quotation), so that before the answer is recorded an
-- outcome of that run or an earlier one, arriving late, is not taken for
-- the current submission's.
ALTER TABLE purchase_orders ADD COLUMN approval_run integer NOT NULL DEFAULT 0,
                            ADD COLUMN approval_ended_run integer NOT NULL DEFAULT 0;
ALTER TABLE sales_orders ADD COLUMN approval_run integer NOT NULL DEFAULT 0,
                         ADD COLUMN approval_ended_run integer NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE sales_orders DROP COLUMN approval_ended_run, DROP COLUMN approval_run;
ALTER TABLE purchase_orders DROP COLUMN approval_ended_run, DROP COLUMN approval_run;

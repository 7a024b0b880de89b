-- +goose Up
-- An approval keeps its id across a document's submissions (the id is
-- the document's); each submission after a rejection, withdrawal or
-- expiry is a new run of it, and the workflow's outcomes carry their
-- run. approval_ended_run is the last run whose outcome returned the
-- document to draft: an outcome of that run or an earlier one, arriving
-- late, is not about the document's current submission.
ALTER TABLE invoices ADD COLUMN approval_ended_run integer NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE invoices DROP COLUMN approval_ended_run;

-- +goose Up
-- An approval keeps its id across a document's submissions (the id is
-- the document's); each submission after a rejection, withdrawal or
-- expiry is a new run of it, and the workflow's outcomes carry their
-- run. A document applies only the outcome of the run it waits on:
-- approval_run is that run, recorded with the approval's answer and 0
-- until then (every save of the document as a draft, its submit
-- included, clears it); approval_ended_run is the last run whose outcome
-- returned it to draft, so that before the answer is recorded an outcome
-- of that run or an earlier one, arriving late, is not taken for the
-- current submission's.
ALTER TABLE invoices ADD COLUMN approval_run integer NOT NULL DEFAULT 0,
                     ADD COLUMN approval_ended_run integer NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE invoices DROP COLUMN approval_ended_run, DROP COLUMN approval_run;

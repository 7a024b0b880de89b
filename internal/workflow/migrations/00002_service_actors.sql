-- +goose Up
-- A platform service acting with a service credential (docs/security.md,
-- "Service credentials") submits and withdraws approvals too: its actor
-- id is service:<name>, not a user's UUID. Submitter and decider hold
-- either; approvers (inbox.decided, delegations) stay users.
ALTER TABLE approvals ALTER COLUMN submitter TYPE text USING submitter::text,
                      ALTER COLUMN decided_by TYPE text USING decided_by::text;
ALTER TABLE inbox ALTER COLUMN submitter TYPE text USING submitter::text;

-- +goose Down
ALTER TABLE inbox ALTER COLUMN submitter TYPE uuid USING submitter::uuid;
ALTER TABLE approvals ALTER COLUMN submitter TYPE uuid USING submitter::uuid,
                      ALTER COLUMN decided_by TYPE uuid USING decided_by::uuid;

-- +goose Up
-- A flag reset to the catalog's default keeps its row, with no state, so
-- its version goes on from where it was: an If-Match taken before the
-- reset can never match a state set after it.
ALTER TABLE feature_flags
    ALTER COLUMN enabled DROP NOT NULL,
    ALTER COLUMN rollout_percent DROP NOT NULL,
    ALTER COLUMN rollout_by DROP NOT NULL,
    ALTER COLUMN killed DROP NOT NULL,
    ADD CONSTRAINT feature_flags_state_whole
        CHECK (num_nulls(enabled, rollout_percent, rollout_by, killed) IN (0, 4));

-- +goose Down
-- Flags on their default lose their rows (and their versions): the owner
-- deletes them across tenants, so row-level security is lifted for it.
ALTER TABLE feature_flags NO FORCE ROW LEVEL SECURITY;
DELETE FROM feature_flags WHERE enabled IS NULL;
ALTER TABLE feature_flags FORCE ROW LEVEL SECURITY;
ALTER TABLE feature_flags
    DROP CONSTRAINT feature_flags_state_whole,
    ALTER COLUMN enabled SET NOT NULL,
    ALTER COLUMN rollout_percent SET NOT NULL,
    ALTER COLUMN rollout_by SET NOT NULL,
    ALTER COLUMN killed SET NOT NULL;

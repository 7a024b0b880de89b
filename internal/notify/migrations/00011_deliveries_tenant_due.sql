-- +goose Up
-- The runner claims a tenant's due deliveries (tenant_id, state pending,
-- next_attempt_at <= now, oldest first). With deliveries_due_idx alone
-- the planner combined it with the unique key's tenant_id prefix, whose
-- scan reads every delivery the tenant ever had, sent or not, so each
-- claim grew with the tenant's history. This index holds the pending
-- rows only, in the order the claim takes them.
CREATE INDEX deliveries_tenant_due_idx ON deliveries (tenant_id, next_attempt_at) WHERE state = 'pending';

-- +goose Down
DROP INDEX deliveries_tenant_due_idx;

-- +goose Up
-- The relay's claim may not scan the outbox sequentially, by bitmap, or in
-- a nested loop (enable_seqscan, enable_bitmapscan and enable_nestloop off
-- for the function): its plan stays the ordered walk of the unsent index
-- and a merge or hash anti join, linear in the backlog, whatever the
-- statistics said when the plan was made.
--
-- A PL/pgSQL statement keeps a generic plan after five calls when that
-- plan is estimated no dearer. An outbox starts empty and, until
-- autovacuum first analyses it, its plans are those of an empty table:
-- the claim's NOT EXISTS became a nested loop that walked the whole
-- unsent-key index for every claimed row. At 300 unsent rows a claim took
-- 15 ms instead of 1 ms; a backlog made rounds slower, which made the
-- backlog larger, and the events bench stalled for seconds in about one
-- run in five. Planning every call instead (plan_cache_mode) chose bitmap
-- scans of the unsent index, which never mark its dead entries, and the
-- claim took 11 ms a round in the bench against 0.6-1 ms before.

-- +goose StatementBegin
CREATE FUNCTION pin_outbox_claim_plan(schema_name text, pinned boolean DEFAULT true) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    IF pinned THEN
        EXECUTE format('ALTER FUNCTION %s.outbox_claim(integer)
                            SET enable_seqscan = off SET enable_bitmapscan = off SET enable_nestloop = off',
                       quote_ident(schema_name));
    ELSE
        EXECUTE format('ALTER FUNCTION %s.outbox_claim(integer)
                            RESET enable_seqscan RESET enable_bitmapscan RESET enable_nestloop',
                       quote_ident(schema_name));
    END IF;
END $fn$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION create_outbox(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    PERFORM platform.create_outbox_tables(schema_name);
    PERFORM platform.define_outbox_relay(schema_name);
    PERFORM platform.pin_outbox_claim_plan(schema_name);
END $fn$;
-- +goose StatementEnd

REVOKE ALL ON FUNCTION pin_outbox_claim_plan(text, boolean) FROM PUBLIC;

-- Outboxes made before this migration.
SELECT pin_outbox_claim_plan(n.nspname) FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = 'outbox_claim';

-- +goose Down
SELECT pin_outbox_claim_plan(n.nspname, false) FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = 'outbox_claim';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION create_outbox(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    PERFORM platform.create_outbox_tables(schema_name);
    PERFORM platform.define_outbox_relay(schema_name);
END $fn$;
-- +goose StatementEnd

DROP FUNCTION pin_outbox_claim_plan(text, boolean);

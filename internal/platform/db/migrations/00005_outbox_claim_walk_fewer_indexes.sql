-- +goose Up
-- The claim no longer reads the outbox's whole unsent-key index.
--
-- A claimed row may be published only if no earlier unsent row of its key
-- is held by another relay. The claim checked that against every unsent
-- row of the outbox, by scanning the unsent-key index once a call (the
-- pinned plan of 00004: a hash or merge anti join). That index also holds
-- the entries of rows sent since the last vacuum, so at 1,000 events/s a
-- claim read about 125 index pages before autovacuum's first visit, and a
-- relay catching up on a backlog read the whole backlog for every batch.
--
-- Such a row can only be one the claim walked past: it comes before a
-- claimed row in id order, and a key's rows are numbered in commit order
-- (Append holds the key's lock), so a key cannot have an uncommitted row
-- before a committed one. The claim now checks the unsent rows from the
-- start of the outbox to its last claimed row, the range its own walk of
-- the unsent index covered: as many rows as it claimed, plus those other
-- relays hold. The unsent-key index served only the old check and goes.
--
-- The unique index on event_id goes too: Append mints every event id
-- (UUIDv7), and the index only checked that again, for an index entry per
-- appended event and another per mark (a mark is not a HOT update).
-- Consumers keep their own exactly-once record of event ids in their
-- inboxes.

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION define_outbox_relay(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    EXECUTE format($ddl$
        CREATE OR REPLACE FUNCTION %1$s.outbox_claim(max_rows integer)
        RETURNS TABLE (id bigint, event_id uuid, tenant_id uuid, type text, source text, subject text,
                       actor text, request_id text, traceparent text, data json, occurred_at timestamptz)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $q$
        #variable_conflict use_column
        BEGIN
            RETURN QUERY
            WITH claimed AS MATERIALIZED (
                SELECT o.id, o.event_id, o.tenant_id, o.type, o.source, o.subject, o.actor,
                       o.request_id, o.traceparent, o.data, o.occurred_at
                FROM %1$s.outbox o
                WHERE o.sent_at IS NULL
                ORDER BY o.id
                LIMIT max_rows
                FOR UPDATE SKIP LOCKED
            ), passed AS MATERIALIZED (
                SELECT o.id, o.tenant_id, o.subject
                FROM %1$s.outbox o
                WHERE o.sent_at IS NULL AND o.id < (SELECT max(k.id) FROM claimed k)
                  AND o.id NOT IN (SELECT k.id FROM claimed k)
            )
            SELECT c.* FROM claimed c
            WHERE NOT EXISTS (
                SELECT 1 FROM passed p
                WHERE p.tenant_id = c.tenant_id AND p.subject = c.subject AND p.id < c.id)
            ORDER BY c.id;
        END
        $q$;

        CREATE OR REPLACE FUNCTION %1$s.outbox_mark_sent(ids bigint[]) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $q$
        DECLARE
            marked bigint;
        BEGIN
            UPDATE %1$s.outbox o SET sent_at = now() WHERE o.id = ANY(ids) AND o.sent_at IS NULL;
            GET DIAGNOSTICS marked = ROW_COUNT;
            RETURN marked;
        END
        $q$;
    $ddl$, quote_ident(schema_name));
END $fn$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION trim_outbox_indexes(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    EXECUTE format($ddl$
        DROP INDEX IF EXISTS %1$s.outbox_unsent_key_idx;
        ALTER TABLE %1$s.outbox DROP CONSTRAINT IF EXISTS outbox_event_id_key;
    $ddl$, quote_ident(schema_name));
END $fn$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION trim_outbox_indexes(text) FROM PUBLIC;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION create_outbox(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    PERFORM platform.create_outbox_tables(schema_name);
    PERFORM platform.trim_outbox_indexes(schema_name);
    PERFORM platform.define_outbox_relay(schema_name);
    PERFORM platform.pin_outbox_claim_plan(schema_name);
END $fn$;
-- +goose StatementEnd

-- Outboxes made before this migration. CREATE OR REPLACE drops the
-- settings 00004 pinned, so they are pinned again.
SELECT trim_outbox_indexes(n.nspname), define_outbox_relay(n.nspname), pin_outbox_claim_plan(n.nspname)
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = 'outbox_claim';

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION create_outbox(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    PERFORM platform.create_outbox_tables(schema_name);
    PERFORM platform.define_outbox_relay(schema_name);
    PERFORM platform.pin_outbox_claim_plan(schema_name);
END $fn$;
-- +goose StatementEnd
DROP FUNCTION trim_outbox_indexes(text);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION define_outbox_relay(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    EXECUTE format($ddl$
        CREATE OR REPLACE FUNCTION %1$s.outbox_claim(max_rows integer)
        RETURNS TABLE (id bigint, event_id uuid, tenant_id uuid, type text, source text, subject text,
                       actor text, request_id text, traceparent text, data json, occurred_at timestamptz)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $q$
        #variable_conflict use_column
        BEGIN
            RETURN QUERY
            WITH claimed AS (
                SELECT o.id, o.event_id, o.tenant_id, o.type, o.source, o.subject, o.actor,
                       o.request_id, o.traceparent, o.data, o.occurred_at
                FROM %1$s.outbox o
                WHERE o.sent_at IS NULL
                ORDER BY o.id
                LIMIT max_rows
                FOR UPDATE SKIP LOCKED
            )
            SELECT c.* FROM claimed c
            WHERE NOT EXISTS (
                SELECT 1 FROM %1$s.outbox p
                WHERE p.sent_at IS NULL AND p.tenant_id = c.tenant_id AND p.subject = c.subject
                  AND p.id < c.id AND p.id NOT IN (SELECT k.id FROM claimed k))
            ORDER BY c.id;
        END
        $q$;

        CREATE OR REPLACE FUNCTION %1$s.outbox_mark_sent(ids bigint[]) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $q$
        DECLARE
            marked bigint;
        BEGIN
            UPDATE %1$s.outbox o SET sent_at = now() WHERE o.id = ANY(ids) AND o.sent_at IS NULL;
            GET DIAGNOSTICS marked = ROW_COUNT;
            RETURN marked;
        END
        $q$;
    $ddl$, quote_ident(schema_name));
END $fn$;
-- +goose StatementEnd

-- +goose StatementBegin
DO $$
DECLARE
    s name;
BEGIN
    FOR s IN SELECT n.nspname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
             WHERE p.proname = 'outbox_claim' LOOP
        EXECUTE format('CREATE INDEX IF NOT EXISTS outbox_unsent_key_idx ON %1$s.outbox (tenant_id, subject, id)
                        WHERE sent_at IS NULL', quote_ident(s));
        IF to_regclass(format('%s.outbox_event_id_key', quote_ident(s))) IS NULL THEN
            EXECUTE format('ALTER TABLE %s.outbox ADD CONSTRAINT outbox_event_id_key UNIQUE (event_id)', quote_ident(s));
        END IF;
        PERFORM platform.define_outbox_relay(s);
        PERFORM platform.pin_outbox_claim_plan(s);
    END LOOP;
END $$;
-- +goose StatementEnd

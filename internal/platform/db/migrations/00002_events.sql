-- +goose Up
-- The event backbone's tables, made for a service by one line in its own
-- migration (docs/events.md):
--
--   SELECT platform.create_outbox('orders');   (in the Up section)
--   SELECT platform.drop_outbox('orders');     (in the Down section)
--
-- and likewise create_inbox / drop_inbox for a service that consumes.
-- Migrations run as vextrus_owner, so what these functions create is owned
-- by it; they are SECURITY INVOKER and only the owner may call them.

-- +goose StatementBegin
CREATE FUNCTION create_outbox(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
DECLARE
    s text := quote_ident(schema_name);
BEGIN
    EXECUTE format($ddl$
        CREATE TABLE %1$s.outbox (
            -- id is the publication order: Append serialises the writers
            -- of one key with an advisory lock before inserting, so per
            -- key the id order is the commit order.
            id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id    uuid        NOT NULL UNIQUE,
            tenant_id   uuid        NOT NULL,
            type        text        NOT NULL,
            source      text        NOT NULL,
            subject     text        NOT NULL,
            actor       text        NOT NULL DEFAULT '',
            request_id  text        NOT NULL DEFAULT '',
            traceparent text        NOT NULL DEFAULT '',
            -- json, not jsonb: the payload is published byte for byte.
            data        json        NOT NULL,
            occurred_at timestamptz NOT NULL,
            sent_at     timestamptz
        );
        CREATE INDEX outbox_unsent_idx ON %1$s.outbox (id) WHERE sent_at IS NULL;
        CREATE INDEX outbox_unsent_key_idx ON %1$s.outbox (tenant_id, subject, id) WHERE sent_at IS NULL;
        CREATE INDEX outbox_sent_at_idx ON %1$s.outbox (sent_at) WHERE sent_at IS NOT NULL;

        ALTER TABLE %1$s.outbox ENABLE ROW LEVEL SECURITY;
        ALTER TABLE %1$s.outbox FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON %1$s.outbox
            USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
            WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

        -- Cross-tenant path (docs/security.md): the relay publishes every
        -- tenant's events, only through the SECURITY DEFINER functions
        -- below, since the owner role cannot log in.
        CREATE POLICY relay_select ON %1$s.outbox FOR SELECT TO vextrus_owner USING (true);
        CREATE POLICY relay_update ON %1$s.outbox FOR UPDATE TO vextrus_owner USING (true) WITH CHECK (true);
        CREATE POLICY relay_prune ON %1$s.outbox FOR DELETE TO vextrus_owner USING (sent_at IS NOT NULL);

        -- outbox_claim locks up to max_rows unsent rows that no other relay
        -- holds, in id order, and returns those no earlier unsent row of
        -- the same key precedes outside the claimed set: a relay never
        -- publishes a key's event while another relay still holds an
        -- earlier one. The locks last until the caller's transaction ends.
        CREATE FUNCTION %1$s.outbox_claim(max_rows integer)
        RETURNS TABLE (id bigint, event_id uuid, tenant_id uuid, type text, source text, subject text,
                       actor text, request_id text, traceparent text, data json, occurred_at timestamptz)
        LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $q$
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
            ORDER BY c.id
        $q$;

        CREATE FUNCTION %1$s.outbox_mark_sent(ids bigint[]) RETURNS bigint
        LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $q$
            WITH marked AS (
                UPDATE %1$s.outbox o SET sent_at = now()
                WHERE o.id = ANY(ids) AND o.sent_at IS NULL
                RETURNING 1)
            SELECT count(*) FROM marked
        $q$;

        -- outbox_prune deletes up to max_rows rows sent before the cutoff.
        CREATE FUNCTION %1$s.outbox_prune(sent_before timestamptz, max_rows integer) RETURNS bigint
        LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $q$
            WITH gone AS (
                DELETE FROM %1$s.outbox o WHERE o.id IN (
                    SELECT p.id FROM %1$s.outbox p
                    WHERE p.sent_at IS NOT NULL AND p.sent_at < sent_before
                    ORDER BY p.sent_at LIMIT max_rows)
                RETURNING 1)
            SELECT count(*) FROM gone
        $q$;

        -- outbox_backlog reports the unsent rows of every tenant, for the
        -- backlog metrics.
        CREATE FUNCTION %1$s.outbox_backlog(OUT unsent bigint, OUT oldest timestamptz)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $q$
            SELECT count(*), min(o.occurred_at) FROM %1$s.outbox o WHERE o.sent_at IS NULL
        $q$;

        REVOKE ALL ON FUNCTION %1$s.outbox_claim(integer) FROM PUBLIC;
        REVOKE ALL ON FUNCTION %1$s.outbox_mark_sent(bigint[]) FROM PUBLIC;
        REVOKE ALL ON FUNCTION %1$s.outbox_prune(timestamptz, integer) FROM PUBLIC;
        REVOKE ALL ON FUNCTION %1$s.outbox_backlog() FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION %1$s.outbox_claim(integer) TO vextrus_app;
        GRANT EXECUTE ON FUNCTION %1$s.outbox_mark_sent(bigint[]) TO vextrus_app;
        GRANT EXECUTE ON FUNCTION %1$s.outbox_prune(timestamptz, integer) TO vextrus_app;
        GRANT EXECUTE ON FUNCTION %1$s.outbox_backlog() TO vextrus_app;
        GRANT SELECT, INSERT ON %1$s.outbox TO vextrus_app;
    $ddl$, s);
END $fn$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION drop_outbox(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
DECLARE
    s text := quote_ident(schema_name);
BEGIN
    EXECUTE format($ddl$
        DROP FUNCTION %1$s.outbox_claim(integer);
        DROP FUNCTION %1$s.outbox_mark_sent(bigint[]);
        DROP FUNCTION %1$s.outbox_prune(timestamptz, integer);
        DROP FUNCTION %1$s.outbox_backlog();
        DROP TABLE %1$s.outbox;
    $ddl$, s);
END $fn$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION create_inbox(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
DECLARE
    s text := quote_ident(schema_name);
BEGIN
    EXECUTE format($ddl$
        -- One row per event a consumer group has had its effect for,
        -- written in the transaction of that effect: a redelivered event
        -- finds its row and is skipped.
        CREATE TABLE %1$s.inbox (
            tenant_id    uuid        NOT NULL,
            consumer     text        NOT NULL,
            event_id     uuid        NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant_id, consumer, event_id)
        );
        CREATE INDEX inbox_processed_at_idx ON %1$s.inbox (processed_at);

        ALTER TABLE %1$s.inbox ENABLE ROW LEVEL SECURITY;
        ALTER TABLE %1$s.inbox FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON %1$s.inbox
            USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
            WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

        -- Cross-tenant path (docs/security.md): forgetting old inbox rows
        -- of every tenant, once redelivery after that long is impossible.
        CREATE POLICY prune_select ON %1$s.inbox FOR SELECT TO vextrus_owner USING (true);
        CREATE POLICY prune_delete ON %1$s.inbox FOR DELETE TO vextrus_owner USING (true);

        CREATE FUNCTION %1$s.inbox_prune(processed_before timestamptz) RETURNS bigint
        LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $q$
            WITH gone AS (
                DELETE FROM %1$s.inbox i WHERE i.processed_at < processed_before RETURNING 1)
            SELECT count(*) FROM gone
        $q$;
        REVOKE ALL ON FUNCTION %1$s.inbox_prune(timestamptz) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION %1$s.inbox_prune(timestamptz) TO vextrus_app;
        GRANT SELECT, INSERT ON %1$s.inbox TO vextrus_app;
    $ddl$, s);
END $fn$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION drop_inbox(schema_name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $fn$
BEGIN
    EXECUTE format('DROP FUNCTION %1$s.inbox_prune(timestamptz); DROP TABLE %1$s.inbox;', quote_ident(schema_name));
END $fn$;
-- +goose StatementEnd

REVOKE ALL ON FUNCTION create_outbox(text), drop_outbox(text), create_inbox(text), drop_inbox(text) FROM PUBLIC;

-- +goose Down
DROP FUNCTION drop_inbox(text);
DROP FUNCTION create_inbox(text);
DROP FUNCTION drop_outbox(text);
DROP FUNCTION create_outbox(text);

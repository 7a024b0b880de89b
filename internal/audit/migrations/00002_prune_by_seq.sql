-- +goose Up
-- Pruning finds a tenant's expired prefix by walking its chain from the
-- anchor to the first entry recorded at or after the cutoff, instead of
-- through an index on recorded_at. Entries are numbered under the chain
-- head's lock and stamped as they are inserted, so the expired entries
-- are a prefix of the chain, and the walk reads only the entries the
-- prune then deletes. The index cost an entry for every audited event
-- (one of six) and served nothing else. Were the clock ever to step back,
-- the prefix would end at the first entry not expired: pruning keeps
-- more, never less.
DROP INDEX entries_recorded_at_idx;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION prune_entries(default_before timestamptz, tenants uuid[], befores timestamptz[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    h record;
    cutoff timestamptz;
    kept bigint;
    cut bigint;
    cut_hash bytea;
    n bigint;
    total bigint := 0;
BEGIN
    FOR h IN SELECT c.tenant_id, c.seq, c.anchor_seq FROM audit.chain_heads c LOOP
        cutoff := coalesce(befores[array_position(tenants, h.tenant_id)], default_before);
        CONTINUE WHEN cutoff IS NULL;
        SELECT e.seq INTO kept FROM audit.entries e
            WHERE e.tenant_id = h.tenant_id AND e.seq > h.anchor_seq AND e.recorded_at >= cutoff
            ORDER BY e.seq LIMIT 1;
        cut := coalesce(kept - 1, h.seq);
        CONTINUE WHEN cut <= h.anchor_seq;
        SELECT e.hash INTO cut_hash FROM audit.entries e WHERE e.tenant_id = h.tenant_id AND e.seq = cut;
        UPDATE audit.chain_heads c SET anchor_seq = cut, anchor_hash = cut_hash WHERE c.tenant_id = h.tenant_id;
        DELETE FROM audit.entries e WHERE e.tenant_id = h.tenant_id AND e.seq <= cut;
        GET DIAGNOSTICS n = ROW_COUNT;
        total := total + n;
    END LOOP;
    RETURN total;
END $$;
-- +goose StatementEnd

-- +goose Down
CREATE INDEX entries_recorded_at_idx ON entries (tenant_id, recorded_at);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION prune_entries(default_before timestamptz, tenants uuid[], befores timestamptz[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    h record;
    cutoff timestamptz;
    cut bigint;
    cut_hash bytea;
    n bigint;
    total bigint := 0;
BEGIN
    FOR h IN SELECT c.tenant_id, c.anchor_seq FROM audit.chain_heads c LOOP
        cutoff := coalesce(befores[array_position(tenants, h.tenant_id)], default_before);
        CONTINUE WHEN cutoff IS NULL;
        SELECT e.seq, e.hash INTO cut, cut_hash FROM audit.entries e
            WHERE e.tenant_id = h.tenant_id AND e.seq > h.anchor_seq AND e.recorded_at < cutoff
            ORDER BY e.seq DESC LIMIT 1;
        CONTINUE WHEN cut IS NULL;
        UPDATE audit.chain_heads c SET anchor_seq = cut, anchor_hash = cut_hash WHERE c.tenant_id = h.tenant_id;
        DELETE FROM audit.entries e WHERE e.tenant_id = h.tenant_id AND e.seq <= cut;
        GET DIAGNOSTICS n = ROW_COUNT;
        total := total + n;
    END LOOP;
    RETURN total;
END $$;
-- +goose StatementEnd

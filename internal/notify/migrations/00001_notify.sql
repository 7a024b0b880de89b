-- +goose Up
-- Notifications (docs/notify.md): one delivery row per (event,
-- recipient, channel), the in-app feed, each user's preferences and
-- quiet hours, and the tenant's template overrides.

-- A delivery of one event to one recipient on one channel. The unique
-- key makes a redelivered event a no-op; state moves pending → sent, or
-- pending → failed once attempts are exhausted. vars are the template's
-- variables: the message is rendered when it is sent, so a sealed token
-- (an invite's, a reset's) is opened only then and never stored in the
-- clear.
CREATE TABLE deliveries (
    tenant_id       uuid        NOT NULL,
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    recipient       text        NOT NULL CHECK (length(recipient) BETWEEN 1 AND 300),
    channel         text        NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_-]{0,31}$'),
    user_id         text        NOT NULL DEFAULT '',
    locale          text        NOT NULL CHECK (locale IN ('bn', 'en')),
    address         text        NOT NULL CHECK (length(address) BETWEEN 1 AND 320),
    vars            jsonb       NOT NULL DEFAULT '{}',
    security        boolean     NOT NULL DEFAULT false,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, event_id, recipient, channel)
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE state = 'pending';

-- The in-app feed. id is one sequence for every tenant: it orders a
-- user's feed and is the server-sent event id a stream resumes from.
CREATE TABLE feed (
    tenant_id  uuid        NOT NULL,
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    user_id    text        NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
    event_id   text        NOT NULL,
    event_type text        NOT NULL,
    title      text        NOT NULL CHECK (length(title) <= 500),
    body       text        NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
    link       text        NOT NULL DEFAULT '' CHECK (length(link) <= 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id, event_id)
);
CREATE INDEX feed_user_idx ON feed (tenant_id, user_id, id DESC);
CREATE INDEX feed_unread_idx ON feed (tenant_id, user_id) WHERE read_at IS NULL;

-- A user's choice for one event type on one channel; no row keeps the
-- default (every channel the tenant has).
CREATE TABLE preferences (
    tenant_id  uuid        NOT NULL,
    user_id    text        NOT NULL,
    event_type text        NOT NULL CHECK (length(event_type) BETWEEN 1 AND 200),
    channel    text        NOT NULL CHECK (channel ~ '^[a-z][a-z0-9_-]{0,31}$'),
    enabled    boolean     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, event_type, channel)
);

-- A user's quiet hours, local times in timezone ('' is the tenant's):
-- non-urgent email and SMS wait until they end. quiet_end before
-- quiet_start spans midnight.
CREATE TABLE quiet_hours (
    tenant_id   uuid        NOT NULL,
    user_id     text        NOT NULL,
    quiet_start time        NOT NULL,
    quiet_end   time        NOT NULL,
    timezone    text        NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id),
    CHECK (quiet_start <> quiet_end)
);

-- A tenant's override of an event type's template in one language.
CREATE TABLE templates (
    tenant_id  uuid        NOT NULL,
    event_type text        NOT NULL CHECK (length(event_type) BETWEEN 1 AND 200),
    locale     text        NOT NULL CHECK (locale IN ('bn', 'en')),
    subject    text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 1000),
    text_body  text        NOT NULL CHECK (length(text_body) BETWEEN 1 AND 20000),
    html_body  text        NOT NULL DEFAULT '' CHECK (length(html_body) <= 100000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text        NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, event_type, locale)
);

ALTER TABLE deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON deliveries
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE feed ENABLE ROW LEVEL SECURITY;
ALTER TABLE feed FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON feed
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE preferences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON preferences
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE quiet_hours ENABLE ROW LEVEL SECURITY;
ALTER TABLE quiet_hours FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON quiet_hours
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON templates
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Cross-tenant path (docs/security.md): the delivery runner asks which
-- tenants have deliveries due, then works in each tenant's own
-- transaction. The owner sees only pending rows, and only through this
-- SECURITY DEFINER function, which returns tenant ids and nothing else.
CREATE POLICY due_select ON deliveries FOR SELECT TO vextrus_owner
    USING (state = 'pending');

-- +goose StatementBegin
CREATE FUNCTION due_tenants(lim integer, at timestamptz) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT DISTINCT tenant_id FROM notify.deliveries
    WHERE state = 'pending' AND next_attempt_at <= at
    LIMIT lim;
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION due_tenants(integer, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION due_tenants(integer, timestamptz) TO vextrus_app;

SELECT platform.create_inbox('notify');

-- +goose Down
SELECT platform.drop_inbox('notify');
DROP FUNCTION due_tenants(integer, timestamptz);
DROP TABLE templates;
DROP TABLE quiet_hours;
DROP TABLE preferences;
DROP TABLE feed;
DROP TABLE deliveries;

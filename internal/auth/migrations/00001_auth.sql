-- +goose Up
-- Identity and access (DESIGN §4). Every table but signing_keys is
-- tenant-owned and under the tenant policy; tenants is keyed by tenant_id
-- so a tenant sees its own row and no other.

CREATE TABLE tenants (
    tenant_id  uuid        PRIMARY KEY,
    slug       text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_bn    text        NOT NULL DEFAULT '',
    bin        text        CHECK (bin ~ '^[0-9]{13}$'),
    tin        text        CHECK (tin ~ '^[0-9]{12}$'),
    status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    timezone   text        NOT NULL DEFAULT 'Asia/Dhaka',
    locale     text        NOT NULL DEFAULT 'bn-BD',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer     NOT NULL DEFAULT 1
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Cross-tenant path (docs/security.md): login names a tenant by slug before
-- any tenant is known. The owner may read tenants, and only through this
-- SECURITY DEFINER function, which returns the id and status of one slug.
CREATE POLICY login_lookup ON tenants FOR SELECT TO vextrus_owner USING (true);

-- +goose StatementBegin
CREATE FUNCTION tenant_by_slug(p_slug text) RETURNS TABLE (tenant_id uuid, status text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = auth, pg_catalog AS $$
    SELECT t.tenant_id, t.status FROM auth.tenants t WHERE t.slug = lower(p_slug)
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION tenant_by_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_by_slug(text) TO vextrus_app;

CREATE TABLE users (
    tenant_id           uuid        NOT NULL REFERENCES tenants (tenant_id),
    id                  uuid        NOT NULL,
    email               text        NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    name                text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_bn             text        NOT NULL DEFAULT '',
    mobile              text,
    status              text        NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    -- password_hash is a PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash);
    -- NULL until an invited user sets one.
    password_hash       text,
    password_changed_at timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer     NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_email_key ON users (tenant_id, lower(email));

CREATE TABLE roles (
    tenant_id   uuid        NOT NULL REFERENCES tenants (tenant_id),
    name        text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9_-]{1,62}$'),
    description text        NOT NULL DEFAULT '',
    -- permissions are names or patterns (authz.Grants) over the registry.
    permissions text[]      NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE user_roles (
    tenant_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    role       text        NOT NULL,
    granted_by uuid,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, role),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE departments (
    tenant_id  uuid        NOT NULL REFERENCES tenants (tenant_id),
    id         uuid        NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX departments_name_key ON departments (tenant_id, lower(name));

CREATE TABLE department_members (
    tenant_id     uuid    NOT NULL,
    department_id uuid    NOT NULL,
    user_id       uuid    NOT NULL,
    -- head marks who approves for the department in approval chains.
    head          boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, department_id, user_id),
    FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- A session is one refresh-token family: login starts it, every refresh
-- adds a token to it, reuse of a spent token or logout revokes it.
CREATE TABLE sessions (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    user_id       uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoke_reason text,
    user_agent    text        NOT NULL DEFAULT '',
    client_ip     text        NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_idx ON sessions (tenant_id, user_id, created_at DESC);

-- Refresh tokens are stored as SHA-256 of the token: 256 random bits need
-- no slow hash, and a database leak yields nothing usable.
CREATE TABLE refresh_tokens (
    tenant_id  uuid        NOT NULL,
    hash       bytea       NOT NULL,
    session_id uuid        NOT NULL,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz,
    PRIMARY KEY (tenant_id, hash),
    FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE api_keys (
    tenant_id    uuid        NOT NULL REFERENCES tenants (tenant_id),
    id           uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    hash         bytea       NOT NULL,
    -- hint is the last characters of the key, so users can tell keys apart.
    hint         text        NOT NULL,
    permissions  text[]      NOT NULL,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, hash)
);

-- One-time tokens for invitations and password resets, stored hashed.
CREATE TABLE user_tokens (
    tenant_id  uuid        NOT NULL,
    hash       bytea       NOT NULL,
    user_id    uuid        NOT NULL,
    purpose    text        NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (tenant_id, hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- Failed logins per (tenant, lower(email)), whether or not the user exists,
-- so lockout never tells an attacker which emails are real.
CREATE TABLE login_failures (
    tenant_id      uuid        NOT NULL,
    email_key      text        NOT NULL,
    failures       integer     NOT NULL DEFAULT 0,
    last_failed_at timestamptz NOT NULL,
    locked_until   timestamptz,
    PRIMARY KEY (tenant_id, email_key)
);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roles
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE user_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_roles
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE departments ENABLE ROW LEVEL SECURITY;
ALTER TABLE departments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON departments
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE department_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE department_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON department_members
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refresh_tokens
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE user_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_tokens
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE login_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE login_failures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON login_failures
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Token signing keys; not tenant data. private_key is AES-256-GCM sealed
-- with the configured key-encryption key (docs/auth.md).
CREATE TABLE signing_keys (
    kid         text        PRIMARY KEY,
    public_key  bytea       NOT NULL,
    private_key bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- retire_at: no new tokens after it; expires_at: leaves the JWKS.
    retire_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- +goose Down
DROP TABLE signing_keys, login_failures, user_tokens, api_keys, refresh_tokens,
    sessions, department_members, departments, user_roles, roles, users;
DROP FUNCTION tenant_by_slug(text);
DROP TABLE tenants;

-- +goose Up
-- A stored file's metadata; its bytes are in the object store under
-- object_key, which begins with the tenant id. A deleted file keeps its
-- row (who deleted it, when, and what it was) while its object is gone.
CREATE TABLE files (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type text        NOT NULL CHECK (length(content_type) BETWEEN 3 AND 255),
    size         bigint      NOT NULL CHECK (size > 0),
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    object_key   text        NOT NULL,
    -- owner_type and owner_id are both set (an attachment) or both empty.
    owner_type   text        NOT NULL DEFAULT '',
    owner_id     uuid,
    created_by   text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    deleted_at   timestamptz,
    deleted_by   text        NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    CHECK ((owner_type = '') = (owner_id IS NULL)),
    CHECK (object_key LIKE tenant_id::text || '/%')
);

-- Attachments by owner, newest first; the live ones only.
CREATE INDEX files_by_owner ON files (tenant_id, owner_type, owner_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX files_by_time ON files (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

ALTER TABLE files ENABLE ROW LEVEL SECURITY;
ALTER TABLE files FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON files
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- The transactional outbox of vextrus.files.* events (docs/events.md).
SELECT platform.create_outbox('files');

-- +goose Down
SELECT platform.drop_outbox('files');
DROP TABLE files;

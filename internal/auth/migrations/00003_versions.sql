-- +goose Up
-- Optimistic concurrency for what clients change in auth (DESIGN §4,
-- docs/architecture.md "Conditional requests"): users, roles, departments
-- and tenants carry a version that every change moves on, shown as the
-- ETag and compared with If-Match. The triggers keep it for every writer,
-- so no statement can change a row and leave its version behind: a
-- changed row gets version + 1 unless the statement set it itself, a
-- user's role grants move the user's version, and department members
-- move the department's.
ALTER TABLE roles ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE departments ADD COLUMN version integer NOT NULL DEFAULT 1;

-- +goose StatementBegin
CREATE FUNCTION next_version() RETURNS trigger
LANGUAGE plpgsql SET search_path = auth, pg_catalog AS $$
BEGIN
    IF NEW.version = OLD.version AND NEW IS DISTINCT FROM OLD THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER next_version BEFORE UPDATE ON tenants FOR EACH ROW EXECUTE FUNCTION next_version();
CREATE TRIGGER next_version BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION next_version();
CREATE TRIGGER next_version BEFORE UPDATE ON roles FOR EACH ROW EXECUTE FUNCTION next_version();
CREATE TRIGGER next_version BEFORE UPDATE ON departments FOR EACH ROW EXECUTE FUNCTION next_version();

-- +goose StatementBegin
CREATE FUNCTION user_roles_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path = auth, pg_catalog AS $$
DECLARE
    r record := coalesce(NEW, OLD);
BEGIN
    UPDATE auth.users SET version = version + 1, updated_at = now()
    WHERE tenant_id = r.tenant_id AND id = r.user_id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER user_version AFTER INSERT OR DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION user_roles_changed();

-- +goose StatementBegin
CREATE FUNCTION department_members_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path = auth, pg_catalog AS $$
DECLARE
    r record := coalesce(NEW, OLD);
BEGIN
    UPDATE auth.departments SET version = version + 1
    WHERE tenant_id = r.tenant_id AND id = r.department_id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER department_version AFTER INSERT OR UPDATE OR DELETE ON department_members
    FOR EACH ROW EXECUTE FUNCTION department_members_changed();

-- +goose Down
DROP TRIGGER department_version ON department_members;
DROP FUNCTION department_members_changed();
DROP TRIGGER user_version ON user_roles;
DROP FUNCTION user_roles_changed();
DROP TRIGGER next_version ON departments;
DROP TRIGGER next_version ON roles;
DROP TRIGGER next_version ON users;
DROP TRIGGER next_version ON tenants;
DROP FUNCTION next_version();
ALTER TABLE departments DROP COLUMN version;
ALTER TABLE roles DROP COLUMN version;

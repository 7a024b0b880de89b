-- +goose Up
-- The language a user reads notifications in: bn or en; '' follows the
-- tenant's locale (docs/notify.md).
ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT '' CHECK (locale IN ('', 'bn', 'en'));

-- +goose Down
ALTER TABLE users DROP COLUMN locale;

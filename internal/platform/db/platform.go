package db

import "embed"

//go:embed migrations/*.sql
var platformMigrations embed.FS

// PlatformSchema is the `platform` schema of tables every service shares,
// such as the idempotency keys of the HTTP layer. Migrate it before the
// service schemas.
var PlatformSchema = Schema{Name: "platform", Migrations: Dir(platformMigrations, "migrations")}

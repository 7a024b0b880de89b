package db

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"

	"github.com/jackc/pgx/v5"
)

// Schema is one service's PostgreSQL schema and the goose SQL migrations
// that build it. Migrations is a file system whose root holds the
// NNNNN_name.sql files (see Dir).
type Schema struct {
	Name       string
	Migrations fs.FS
}

// Dir returns the sub-tree dir of fsys, for a Schema whose files are
// embedded under a directory: Dir(embedded, "migrations").
func Dir(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(fmt.Sprintf("db.Dir(%q): %v", dir, err)) // only an invalid path literal gets here
	}
	return sub
}

// Direction says what Migrate does.
type Direction int

// The directions of Migrate.
const (
	// Up applies every pending migration of every schema, in order.
	Up Direction = iota
	// Down rolls back the latest migration of each schema, last schema first.
	Down
	// Status prints the applied and pending migrations of each schema.
	Status
)

func (d Direction) String() string {
	switch d {
	case Up:
		return "up"
	case Down:
		return "down"
	case Status:
		return "status"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// ParseDirection reads "up", "down" or "status".
func ParseDirection(s string) (Direction, error) {
	for _, d := range []Direction{Up, Down, Status} {
		if d.String() == s {
			return d, nil
		}
	}
	return 0, fmt.Errorf("unknown migration direction %q (want up, down or status)", s)
}

// migrateLock serialises Migrate runs on one database, so replicas that
// start together migrate once.
const migrateLock = 0x7665787472757302

var schemaName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Migrate runs direction over schemas against the database of adminURL and
// reports each step on out (nil discards). Each schema is created owned by
// OwnerRole when missing; its goose version table is <schema>.goose_db_version;
// migrations run with the session role OwnerRole and search_path set to the
// schema, so unqualified names land there and everything is owned by
// OwnerRole. After Up, AppRole may use the schema and read and write its
// tables, never the version table.
func Migrate(ctx context.Context, adminURL string, schemas []Schema, direction Direction, out io.Writer) error {
	if out == nil {
		out = io.Discard
	}
	seen := map[string]bool{}
	for _, s := range schemas {
		if !schemaName.MatchString(s.Name) || seen[s.Name] {
			return fmt.Errorf("migrate: invalid or repeated schema name %q", s.Name)
		}
		seen[s.Name] = true
	}
	cfg, err := pgx.ParseConfig(adminURL)
	if err != nil {
		return fmt.Errorf("migrate: parse url: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("migrate: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "select pg_advisory_lock($1)", int64(migrateLock)); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "select pg_advisory_unlock($1)", int64(migrateLock))

	m := migrator{conn: conn, cfg: cfg, out: out}
	switch direction {
	case Up:
		for _, s := range schemas {
			if err := m.up(ctx, s); err != nil {
				return fmt.Errorf("migrate up %s: %w", s.Name, err)
			}
		}
	case Down:
		for _, s := range slices.Backward(schemas) {
			if err := m.down(ctx, s); err != nil {
				return fmt.Errorf("migrate down %s: %w", s.Name, err)
			}
		}
	case Status:
		for _, s := range schemas {
			if err := m.status(ctx, s); err != nil {
				return fmt.Errorf("migrate status %s: %w", s.Name, err)
			}
		}
	default:
		return fmt.Errorf("migrate: unknown direction %v", direction)
	}
	return nil
}

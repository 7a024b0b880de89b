package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

// errNoMigrations reports a schema without migration files; Up still
// creates and grants the schema.
var errNoMigrations = errors.New("no migrations")

// migrator runs goose for one schema at a time. conn is the admin
// connection holding the migration lock; goose gets its own connections.
type migrator struct {
	conn *pgx.Conn
	cfg  *pgx.ConnConfig
	out  io.Writer
}

// provider opens a goose provider whose connections act as OwnerRole inside
// the schema. The returned close releases its connections.
func (m *migrator) provider(s Schema) (*goose.Provider, func(), error) {
	setup := []string{
		"SET ROLE " + pgx.Identifier{OwnerRole}.Sanitize(),
		"SET search_path TO " + pgx.Identifier{s.Name}.Sanitize(),
	}
	sqlDB := stdlib.OpenDB(*m.cfg.Copy(), stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
		for _, stmt := range setup {
			if _, err := c.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
		return nil
	}))
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, s.Migrations,
		goose.WithTableName(s.Name+"."+goose.DefaultTablename),
		goose.WithDisableGlobalRegistry(true),
	)
	if errors.Is(err, goose.ErrNoMigrations) {
		err = errNoMigrations
	}
	if err != nil {
		sqlDB.Close()
		return nil, nil, err
	}
	// Closing the provider closes sqlDB.
	return p, func() { p.Close() }, nil
}

func (m *migrator) up(ctx context.Context, s Schema) error {
	// The admin creates the schema: OwnerRole has no CREATE on the database.
	create := fmt.Sprintf("CREATE SCHEMA IF NOT EXISTS %s AUTHORIZATION %s", pgx.Identifier{s.Name}.Sanitize(), OwnerRole)
	if _, err := m.conn.Exec(ctx, create); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	// Default privileges before the migrations, so tables they create are
	// granted to AppRole as they appear.
	if err := m.asOwner(ctx, s.Name,
		"ALTER DEFAULT PRIVILEGES FOR ROLE %[2]s IN SCHEMA %[1]s GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %[3]s",
		"ALTER DEFAULT PRIVILEGES FOR ROLE %[2]s IN SCHEMA %[1]s GRANT USAGE ON SEQUENCES TO %[3]s",
	); err != nil {
		return err
	}
	p, closeP, err := m.provider(s)
	if errors.Is(err, errNoMigrations) {
		fmt.Fprintf(m.out, "%s: no migrations\n", s.Name)
		return m.grant(ctx, s, false)
	}
	if err != nil {
		return err
	}
	defer closeP()
	results, err := p.Up(ctx)
	for _, r := range results {
		fmt.Fprintf(m.out, "%s: %s\n", s.Name, r)
	}
	if err != nil {
		return err
	}
	version, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if len(results) == 0 {
		fmt.Fprintf(m.out, "%s: up to date at version %d\n", s.Name, version)
	}
	return m.grant(ctx, s, true)
}

// grant gives AppRole what it needs on everything already in the schema;
// migrations may have created tables as another role (a bare admin session),
// which the default privileges do not cover.
func (m *migrator) grant(ctx context.Context, s Schema, versioned bool) error {
	stmts := []string{
		"GRANT USAGE ON SCHEMA %[1]s TO %[3]s",
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %[1]s TO %[3]s",
		"GRANT USAGE ON ALL SEQUENCES IN SCHEMA %[1]s TO %[3]s",
	}
	if versioned {
		stmts = append(stmts, "REVOKE ALL ON %[1]s."+goose.DefaultTablename+" FROM %[3]s")
	}
	return m.asOwner(ctx, s.Name, stmts...)
}

// asOwner runs statements, formatted with the quoted schema, owner and app
// role names, in one transaction as OwnerRole.
func (m *migrator) asOwner(ctx context.Context, schema string, stmts ...string) error {
	return pgx.BeginFunc(ctx, m.conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+pgx.Identifier{OwnerRole}.Sanitize()); err != nil {
			return fmt.Errorf("set role %s (did Bootstrap run?): %w", OwnerRole, err)
		}
		for _, s := range stmts {
			stmt := fmt.Sprintf(s, pgx.Identifier{schema}.Sanitize(), OwnerRole, AppRole)
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
		return nil
	})
}

func (m *migrator) down(ctx context.Context, s Schema) error {
	if ok, err := m.exists(ctx, s); err != nil || !ok {
		fmt.Fprintf(m.out, "%s: nothing to roll back\n", s.Name)
		return err
	}
	p, closeP, err := m.provider(s)
	if errors.Is(err, errNoMigrations) {
		fmt.Fprintf(m.out, "%s: nothing to roll back\n", s.Name)
		return nil
	}
	if err != nil {
		return err
	}
	defer closeP()
	r, err := p.Down(ctx)
	if errors.Is(err, goose.ErrNoNextVersion) {
		fmt.Fprintf(m.out, "%s: nothing to roll back\n", s.Name)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.out, "%s: %s\n", s.Name, r)
	return nil
}

// status never creates anything: a schema that does not exist yet has every
// migration pending.
func (m *migrator) status(ctx context.Context, s Schema) error {
	ok, err := m.exists(ctx, s)
	if err != nil {
		return err
	}
	p, closeP, err := m.provider(s)
	if errors.Is(err, errNoMigrations) {
		fmt.Fprintf(m.out, "%s: no migrations\n", s.Name)
		return nil
	}
	if err != nil {
		return err
	}
	defer closeP()
	if !ok {
		for _, src := range p.ListSources() {
			fmt.Fprintf(m.out, "%s: pending %s\n", s.Name, path.Base(src.Path))
		}
		return nil
	}
	statuses, err := p.Status(ctx)
	if err != nil {
		return err
	}
	for _, st := range statuses {
		line := fmt.Sprintf("%s: %-7s %s", s.Name, st.State, path.Base(st.Source.Path))
		if st.State == goose.StateApplied {
			line += " " + st.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
		}
		fmt.Fprintln(m.out, line)
	}
	return nil
}

func (m *migrator) exists(ctx context.Context, s Schema) (bool, error) {
	var ok bool
	err := m.conn.QueryRow(ctx, "select exists(select from pg_namespace where nspname = $1)", s.Name).Scan(&ok)
	return ok, err
}

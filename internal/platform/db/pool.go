// Package db is the PostgreSQL foundation every service stores its data
// through: the two roles, per-service schemas migrated with goose, the
// application pool, tenant transactions, the translation of driver errors
// into platform error codes, and the row-level security convention with a
// catalog check that enforces it.
//
// Tenant isolation is enforced by PostgreSQL, not by WHERE clauses. Every
// tenant-owned table follows the convention of TenantRLS:
//
//	tenant_id uuid not null
//	ALTER TABLE t ENABLE ROW LEVEL SECURITY;
//	ALTER TABLE t FORCE ROW LEVEL SECURITY;
//	CREATE POLICY tenant_isolation ON t
//	  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
//	  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
//
// Services connect as AppRole, which cannot bypass it, and touch tenant rows
// only inside Pool.InTenantTx, which sets app.tenant_id for that
// transaction alone. Outside such a transaction the setting is empty, the
// policy compares with NULL, and no tenant row is visible: it fails closed.
package db

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxuuid "github.com/vgarvardt/pgx-google-uuid/v5"
	"go.opentelemetry.io/otel/trace"
)

// Options tune the application pool; zero values keep pgx's defaults.
type Options struct {
	MaxConns         int32
	MinConns         int32
	MaxConnLifetime  time.Duration
	StatementTimeout time.Duration
	// Password, when set, gives every new connection its password in
	// place of the DSN's, so a rotated password is used without reopening
	// the pool (see acquire).
	Password PasswordSource
	// Tracer records statement spans; nil uses the global provider
	// (telemetry.Provider), and a no-op provider adds no tracer at all.
	Tracer trace.TracerProvider
}

// PasswordSource is a password that may rotate while the pool runs, such
// as a watched Vault secret (vault.Secret).
type PasswordSource interface {
	// Value is the password a new connection logs in with now.
	Value() string
	// Refresh re-reads the password from its store; the pool calls it
	// when the server refuses the current one.
	Refresh(ctx context.Context) error
}

// connectTimeout bounds opening one connection when the DSN sets no
// connect_timeout: a server that is down or unreachable then refuses a
// request within seconds (UNAVAILABLE) instead of holding it until the
// caller gives up. A reachable server answers in milliseconds.
const connectTimeout = 3 * time.Second

// Pool is the application's connection pool, connected as AppRole.
type Pool struct {
	pool     *pgxpool.Pool
	password PasswordSource
}

// Open connects the application pool to appURL and checks that the role it
// logs in as is subject to row-level security: it refuses a superuser or
// BYPASSRLS role, which would silently see every tenant.
func Open(ctx context.Context, appURL string, opts Options) (*Pool, error) {
	cfg, err := pgxpool.ParseConfig(appURL)
	if err != nil {
		return nil, fmt.Errorf("open pool: parse url: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.MinConns > 0 {
		cfg.MinConns = opts.MinConns
	}
	if opts.MaxConnLifetime > 0 {
		cfg.MaxConnLifetime = opts.MaxConnLifetime
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	if opts.StatementTimeout > 0 {
		cfg.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10)
	}
	// uuid.UUID (google/uuid) is otherwise sent through its driver.Valuer:
	// a string that pgx fails to encode in binary, wraps in an error,
	// parses back and encodes again, for every UUID argument. Registered,
	// it is encoded and scanned as the 16 bytes it is.
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		pgxuuid.Register(c.TypeMap())
		return nil
	}
	if opts.Password != nil {
		// Established sessions keep working after ALTER ROLE ... PASSWORD;
		// only new connections need the new one.
		cfg.BeforeConnect = func(_ context.Context, cc *pgx.ConnConfig) error {
			cc.Password = opts.Password.Value()
			return nil
		}
	}
	traceStatements(cfg.ConnConfig, opts.Tracer)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	var role string
	var privileged bool
	err = pool.QueryRow(ctx, `select current_user::text, rolsuper or rolbypassrls
		from pg_roles where rolname = current_user`).Scan(&role, &privileged)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open pool: %w", err)
	}
	if privileged {
		pool.Close()
		return nil, fmt.Errorf("open pool: role %s is superuser or has BYPASSRLS; connect as %s", role, AppRole)
	}
	return &Pool{pool: pool, password: opts.Password}, nil
}

// Ping checks that the database answers.
func (p *Pool) Ping(ctx context.Context) error {
	conn, err := p.acquire(ctx)
	if err == nil {
		err = conn.Ping(ctx)
		conn.Release()
	}
	if err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close waits for connections in use to be returned and closes them all.
func (p *Pool) Close() { p.pool.Close() }

// Stat reports the pool's connection counts, for metrics.
func (p *Pool) Stat() *pgxpool.Stat { return p.pool.Stat() }

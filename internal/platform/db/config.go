package db

import (
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/config"
)

// Config is the database section of a service's configuration
// (`database.*`, VEXTRUS_DATABASE_*).
type Config struct {
	// URL is the admin DSN: it bootstraps roles and runs migrations. Empty in
	// `dev` means the embedded cluster.
	URL string `yaml:"url" secret:"true" doc:"PostgreSQL admin DSN used for bootstrap and migrations; empty in dev starts a local cluster"`
	// AppURL is the DSN services connect with, as vextrus_app. Empty means
	// derived from URL and AppPassword.
	AppURL string `yaml:"app_url" secret:"true" doc:"DSN of the vextrus_app role; derived from url and app_password when empty"`
	// AppPassword is the password Bootstrap gives vextrus_app.
	AppPassword string `yaml:"app_password" secret:"true" doc:"password of the vextrus_app role"`
	// MaxConns bounds the application pool.
	MaxConns int32 `yaml:"max_conns" doc:"maximum connections in the application pool"`
	// MinConns keeps warm connections in the application pool.
	MinConns int32 `yaml:"min_conns" doc:"connections kept open in the application pool"`
	// MaxConnLifetime recycles connections, so a failover or a changed
	// password is picked up.
	MaxConnLifetime time.Duration `yaml:"max_conn_lifetime" doc:"how long a pooled connection lives"`
	// PipelineMaxConns bounds the event pipeline's own pool (relays and
	// consumers), kept apart so that requests queueing for the application
	// pool never hold back publishing and consuming.
	PipelineMaxConns int32 `yaml:"pipeline_max_conns" doc:"maximum connections of the event pipeline's pool (outbox relays and consumers)"`
	// StatementTimeout bounds every statement of the application role; 0
	// leaves the server default.
	StatementTimeout time.Duration `yaml:"statement_timeout" doc:"statement_timeout of application connections (0 = server default)"`
}

// DefaultConfig returns the defaults every service starts from.
func DefaultConfig() Config {
	return Config{MaxConns: 10, PipelineMaxConns: 6, MinConns: 0, MaxConnLifetime: time.Hour, StatementTimeout: 30 * time.Second}
}

// Validate reports every problem with c at once.
func (c *Config) Validate(ch *config.Checker) {
	ch.Check(c.MaxConns > 0, "max_conns", "must be positive")
	ch.Check(c.MinConns >= 0 && c.MinConns <= c.MaxConns, "min_conns", "must be between 0 and max_conns")
	ch.Check(c.PipelineMaxConns > 0, "pipeline_max_conns", "must be positive")
	ch.Check(c.MaxConnLifetime >= 0, "max_conn_lifetime", "must not be negative")
	ch.Check(c.StatementTimeout >= 0, "statement_timeout", "must not be negative")
	for _, f := range []struct{ key, dsn string }{{"url", c.URL}, {"app_url", c.AppURL}} {
		if f.dsn == "" {
			continue
		}
		_, err := pgx.ParseConfig(f.dsn)
		ch.Check(err == nil, f.key, "is not a valid PostgreSQL DSN")
	}
}

// AppDSN returns the DSN the application pool connects with: AppURL when
// set, else one derived from URL for the vextrus_app role.
func (c *Config) AppDSN() string {
	if c.AppURL != "" {
		return c.AppURL
	}
	return AppURL(c.URL, c.AppPassword)
}

// PoolOptions returns the application pool's settings of c.
func (c *Config) PoolOptions() Options {
	return Options{
		MaxConns:         c.MaxConns,
		MinConns:         c.MinConns,
		MaxConnLifetime:  c.MaxConnLifetime,
		StatementTimeout: c.StatementTimeout,
	}
}

// PipelineOptions returns the event pipeline pool's settings of c.
func (c *Config) PipelineOptions() Options {
	o := c.PoolOptions()
	o.MaxConns, o.MinConns = c.PipelineMaxConns, 0
	return o
}

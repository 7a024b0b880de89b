package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/pgserver"
)

// EnvURL names the environment variable with an admin DSN of a PostgreSQL
// cluster dedicated to tests. Bootstrap sets the password of vextrus_app on
// it, so it must not be a cluster anything else relies on.
const EnvURL = "VEXTRUS_TEST_DATABASE_URL"

// AppPassword is what the tests' vextrus_app logs in with; it only matters
// on a cluster of EnvURL that does not trust loopback.
const AppPassword = "vextrus-test"

// cluster is the one PostgreSQL cluster of this test process.
type cluster struct {
	adminURL string
	server   *pgserver.Server // nil when EnvURL is set
	dir      string
	admin    *pgxpool.Pool // on the maintenance database, for CREATE/DROP DATABASE

	mu        sync.Mutex
	templates map[string]*template
}

// template is a migrated database that test databases are cloned from.
type template struct {
	once sync.Once
	name string
	err  error
}

var (
	sharedOnce    sync.Once
	sharedCluster *cluster
	sharedErr     error
)

// shared starts or connects to the process's cluster once.
func shared(ctx context.Context) (*cluster, error) {
	sharedOnce.Do(func() { sharedCluster, sharedErr = connect(ctx) })
	return sharedCluster, sharedErr
}

func connect(ctx context.Context) (*cluster, error) {
	c := &cluster{adminURL: os.Getenv(EnvURL), templates: map[string]*template{}}
	if c.adminURL == "" {
		dir, err := os.MkdirTemp("", "vextrus-pg-")
		if err != nil {
			return nil, fmt.Errorf("dbtest: %w", err)
		}
		s, err := pgserver.Start(ctx, pgserver.Options{DataDir: dir, Ephemeral: true})
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("dbtest: start PostgreSQL (or set %s): %w", EnvURL, err)
		}
		c.server, c.dir, c.adminURL = s, dir, s.URL()
	}
	if err := db.Bootstrap(ctx, c.adminURL, AppPassword); err != nil {
		c.close()
		return nil, fmt.Errorf("dbtest: %w", err)
	}
	admin, err := pgxpool.New(ctx, c.adminURL)
	if err != nil {
		c.close()
		return nil, fmt.Errorf("dbtest: %w", err)
	}
	c.admin = admin
	return c, nil
}

// template returns the name of a database migrated with schemas, building
// it on first use. Templates are per process, so parallel test processes
// sharing EnvURL never clone one that is still being built.
func (c *cluster) template(ctx context.Context, schemas []db.Schema) (string, error) {
	key, err := schemaKey(schemas)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	t, ok := c.templates[key]
	if !ok {
		t = &template{name: "vx_tpl_" + key[:12] + "_" + randomSuffix()}
		c.templates[key] = t
	}
	c.mu.Unlock()
	t.once.Do(func() { t.err = c.build(ctx, t.name, schemas) })
	return t.name, t.err
}

func (c *cluster) build(ctx context.Context, name string, schemas []db.Schema) error {
	if _, err := c.admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	if err := db.Migrate(ctx, withDatabase(c.adminURL, name), schemas, db.Up, nil); err != nil {
		c.drop(context.WithoutCancel(ctx), name)
		return fmt.Errorf("migrate template: %w", err)
	}
	return nil
}

// drop removes a database, disconnecting whatever still uses it.
func (c *cluster) drop(ctx context.Context, name string) error {
	_, err := c.admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return err
}

// close drops the templates of an external cluster, or stops and removes
// the throwaway one.
func (c *cluster) close() {
	ctx := context.Background()
	if c.admin != nil {
		if c.server == nil {
			c.mu.Lock()
			for _, t := range c.templates {
				_ = c.drop(ctx, t.name)
			}
			c.mu.Unlock()
		}
		c.admin.Close()
	}
	if c.server != nil {
		_ = c.server.Stop()
		os.RemoveAll(c.dir)
	}
}

// schemaKey identifies a schema set by names and migration contents, so two
// packages with the same names but different files get different templates.
func schemaKey(schemas []db.Schema) (string, error) {
	h := sha256.New()
	for _, s := range schemas {
		fmt.Fprintf(h, "schema %s\n", s.Name)
		if s.Migrations == nil {
			continue
		}
		err := fs.WalkDir(s.Migrations, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(s.Migrations, path)
			fmt.Fprintf(h, "file %s %d\n", path, len(b))
			h.Write(b)
			return err
		})
		if err != nil {
			return "", fmt.Errorf("dbtest: read migrations of %s: %w", s.Name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// withDatabase points a DSN at another database on the same cluster.
func withDatabase(dsn, name string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + name
		u.RawPath = ""
		return u.String()
	}
	return strings.TrimSpace(dsn) + " dbname=" + name // later keywords win
}

func randomSuffix() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

package vault_test

import (
	"context"
	"errors"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/platform/vault"
	"github.com/vextrus/vextrus/internal/platform/vault/vaulttest"
)

// countingSource counts the refreshes the pool asks for: each is a new
// connection the server refused.
type countingSource struct {
	*vault.Secret
	refreshes atomic.Int64
}

func (c *countingSource) Refresh(ctx context.Context) error {
	c.refreshes.Add(1)
	return c.Secret.Refresh(ctx)
}

func TestARotatedDatabasePasswordReachesARunningPoolWithoutAFailedRequest(t *testing.T) {
	t.Run("changed in PostgreSQL, then stored in Vault", func(t *testing.T) { testRotation(t, false) })
	t.Run("stored in Vault, then changed in PostgreSQL", func(t *testing.T) { testRotation(t, true) })
}

// testRotation rotates a pool's password in the two orders an operator
// may take, while requests run; in the window between the two steps new
// connections are refused, and the requests that need one wait.
func testRotation(t *testing.T, vaultFirst bool) {
	ctx := context.Background()
	d := dbtest.New(t, db.PlatformSchema)
	role := appLoginRole(t, d, "old-password")
	env := vaulttest.Start(t)
	path := secretPath(t)
	env.Put(t, path, map[string]any{"password": "old-password"})
	c := started(t, newClient(t, env, appRoleConfig(t, env, time.Hour, 0)))
	secret, err := c.Watch(ctx, "secret/"+path+"#password")
	if err != nil {
		t.Fatal(err)
	}
	src := &countingSource{Secret: secret}
	pool, err := db.Open(ctx, roleURL(t, d.AdminURL, role), db.Options{MaxConns: 8, Password: src})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	load := startLoad(t, pool)
	testwait.For(t, 10*time.Second, "requests on the old password", func() bool { return load.ok.Load() >= 20 })

	alter := func() {
		if _, err := d.Admin.Exec(ctx, "alter role "+pgx.Identifier{role}.Sanitize()+" password 'new-password'"); err != nil {
			t.Fatal(err)
		}
	}
	// The pool grows past grownFrom only with connections begun after the
	// first step, so each of them logged in with the new password: the
	// old one is refused after ALTER ROLE, the new one before it.
	var grownFrom int32
	refused := func() {
		grownFrom = established(pool)
		load.more(15) // many at once: the pool opens new connections
		testwait.For(t, 10*time.Second, "a new connection refused", func() bool { return src.refreshes.Load() >= 1 })
	}
	if vaultFirst {
		env.Put(t, path, map[string]any{"password": "new-password"})
		testwait.For(t, 10*time.Second, "the new version seen by the rotation check", func() bool {
			if env.Mock != nil {
				env.Mock.Add(rotationCheck)
			}
			return secret.Version() == 2
		})
		refused() // with the new password, before ALTER ROLE
		alter()
	} else {
		alter()
		refused() // with the old password, before Vault has the new one
		env.Put(t, path, map[string]any{"password": "new-password"})
	}
	before := load.ok.Load()
	testwait.For(t, 30*time.Second, "connections opened with the new password", func() bool {
		return established(pool) >= grownFrom+2 && load.ok.Load() >= before+200
	})
	load.stop()
	if n := load.failed.Load(); n != 0 {
		t.Fatalf("%d of %d requests failed during the rotation; first: %v", n, n+load.ok.Load(), load.firstErr.Load())
	}
	if secret.Version() != 2 || secret.Value() != "new-password" {
		t.Fatalf("secret at version %d", secret.Version())
	}
	// A session of its own, as the outbox relay's LISTEN, logs in with
	// the new password too.
	conn, err := pool.Connect(ctx)
	if err != nil {
		t.Fatalf("a dedicated connection after the rotation: %v", err)
	}
	conn.Close(ctx)
}

// established counts the pool's open connections, leaving out those
// still logging in.
func established(pool *db.Pool) int32 {
	st := pool.Stat()
	return st.AcquiredConns() + st.IdleConns()
}

// load is goroutines sending requests through a pool until stopped.
type load struct {
	pool       *db.Pool
	ok, failed atomic.Int64
	firstErr   atomic.Value
	done       chan struct{}
	wg         sync.WaitGroup
}

func startLoad(tb testing.TB, pool *db.Pool) *load {
	l := &load{pool: pool, done: make(chan struct{})}
	l.more(1)
	tb.Cleanup(l.stop)
	return l
}

// more starts n more goroutines.
func (l *load) more(n int) {
	for range n {
		l.wg.Add(1)
		go l.work()
	}
}

func (l *load) work() {
	defer l.wg.Done()
	ctx := context.Background()
	for {
		select {
		case <-l.done:
			return
		default:
		}
		// Each request holds its connection a moment, so that many at
		// once make the pool open new ones.
		err := l.pool.Read(ctx, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, "select pg_sleep(0.002)")
			return err
		})
		if err != nil {
			l.failed.Add(1)
			l.firstErr.CompareAndSwap(nil, err)
			continue
		}
		l.ok.Add(1)
	}
}

func (l *load) stop() {
	select {
	case <-l.done:
	default:
		close(l.done)
	}
	l.wg.Wait()
}

// appLoginRole creates a login role with password that is a member of
// db.AppRole, so it has the application's rights and, like it, no
// superuser or BYPASSRLS. Roles are shared by the whole cluster, so the
// test rotates this role of its own rather than db.AppRole, which other
// tests on the cluster log in as. The role must log in with its password
// even on a test cluster that trusts loopback connections.
func appLoginRole(tb testing.TB, d *dbtest.DB, password string) string {
	tb.Helper()
	ctx := context.Background()
	role := "vx_rotate_" + strings.ToLower(strings.ReplaceAll(d.Name[len("vx_test_"):], "-", ""))
	ident := pgx.Identifier{role}.Sanitize()
	if _, err := d.Admin.Exec(ctx, "create role "+ident+" login password '"+password+"' in role "+db.AppRole); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_, _ = d.Admin.Exec(context.Background(), "drop role if exists "+ident)
	})
	requirePassword(tb, d, role)
	return role
}

// requirePassword makes the cluster ask role for its password: a cluster
// started by dbtest trusts loopback, so the test puts scram-sha-256 lines
// for role first in its pg_hba.conf (a file on this machine), and checks
// that a wrong password is then refused.
func requirePassword(tb testing.TB, d *dbtest.DB, role string) {
	tb.Helper()
	ctx := context.Background()
	var hbaFile string
	if err := d.Admin.QueryRow(ctx, "show hba_file").Scan(&hbaFile); err != nil {
		tb.Fatal(err)
	}
	if orig, err := os.ReadFile(hbaFile); err == nil {
		lines := "local all " + role + " scram-sha-256\n" +
			"host all " + role + " 127.0.0.1/32 scram-sha-256\n" +
			"host all " + role + " ::1/128 scram-sha-256\n"
		reload := func(content []byte) {
			if err := os.WriteFile(hbaFile, content, 0o600); err != nil {
				tb.Fatalf("write %s: %v", hbaFile, err)
			}
			if _, err := d.Admin.Exec(context.Background(), "select pg_reload_conf()"); err != nil {
				tb.Fatal(err)
			}
		}
		reload(append([]byte(lines), orig...))
		tb.Cleanup(func() { reload(orig) })
	}
	testwait.Until(tb, 10*time.Second, "the cluster refusing a wrong password for "+role, func() (bool, error) {
		conn, err := pgx.Connect(ctx, roleURL(tb, d.AdminURL, role)+"&password=wrong")
		if err == nil {
			conn.Close(ctx)
			return false, nil
		}
		var pg *pgconn.PgError
		return errors.As(err, &pg) && pg.Code == "28P01", nil
	})
}

// roleURL is adminURL logging in as role, without a password.
func roleURL(tb testing.TB, adminURL, role string) string {
	tb.Helper()
	u, err := url.Parse(adminURL)
	if err != nil {
		tb.Fatal(err)
	}
	u.User = url.User(role)
	q := u.Query()
	q.Set("application_name", "vault-rotation-test")
	u.RawQuery = q.Encode()
	return u.String()
}

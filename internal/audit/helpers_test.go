package audit_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// shopSchema is a service that publishes events.
var shopSchema = db.Schema{Name: "shop", Migrations: fstest.MapFS{
	"00001_shop.sql": {Data: []byte(`-- +goose Up
SELECT platform.create_outbox('shop');
-- +goose Down
SELECT platform.drop_outbox('shop');
`)},
}}

const orderPlaced = "vextrus.shop.order.placed.v1"

var shopEvents = fstest.MapFS{orderPlaced + ".json": {Data: []byte(`{"type": "object", "required": ["n"],
  "properties": {"n": {"type": "integer", "minimum": 1}}}`)}}

type env struct {
	db    *dbtest.DB
	kafka kafkax.Config
	shop  *events.Outbox
	svc   *audit.Service
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s, err := events.LoadSchemas(shopEvents)
	if err != nil {
		t.Fatal(err)
	}
	shop, err := events.NewOutbox("shop", events.WithSchemas(s))
	if err != nil {
		t.Fatal(err)
	}
	own, err := events.NewOutbox("audit")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: dbtest.New(t, db.PlatformSchema, audit.Schema, shopSchema), kafka: kafkatest.New(t).Config(), shop: shop}
	cfg := audit.DefaultConfig()
	cfg.DiscoveryInterval = 500 * time.Millisecond
	if e.svc, err = audit.New(audit.Deps{DB: e.db.App, Events: own, Config: cfg, Logger: testLogger()}); err != nil {
		t.Fatal(err)
	}
	return e
}

// emit appends one shop event numbered n for subject in its own tenant
// transaction.
func (e *env) emit(ctx context.Context, subject string, n int) error {
	return e.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		return e.shop.Append(ctx, tx, events.Draft{Type: orderPlaced, Subject: subject, Data: map[string]int{"n": n}})
	})
}

func (e *env) relay(t *testing.T) (*events.Relay, func()) {
	t.Helper()
	cl, err := kafkax.NewClient(e.kafka)
	if err != nil {
		t.Fatal(err)
	}
	r := events.NewRelay(events.RelayConfig{BatchSize: 200}, events.RelayDeps{Outbox: e.shop, Pool: e.db.App,
		ListenDSN: e.db.AppURL, Kafka: cl, Topics: e.kafka})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop relay: %v", err)
		}
		cl.Close()
	}
	return r, stop
}

func (e *env) consumer(t *testing.T) func() {
	t.Helper()
	c, err := e.svc.Consumer(e.db.App, e.kafka)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			t.Errorf("stop consumer: %v", err)
		}
	}
}

// reader is a principal of tenant t holding perms.
func reader(t tenant.ID, perms ...string) context.Context {
	return authz.With(context.Background(), principal(t, perms...))
}

func principal(t tenant.ID, perms ...string) *authz.Principal {
	p := &authz.Principal{UserID: "auditor-" + t.String()[:8], Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	return p
}

// testLogger shows the services' logs with VEXTRUS_TEST_LOG=1.
func testLogger() *slog.Logger {
	if os.Getenv("VEXTRUS_TEST_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (e *env) stored() (int, error) {
	var n int
	err := e.db.Admin.QueryRow(context.Background(), "select count(*) from audit.entries").Scan(&n)
	return n, err
}

// writeAll writes per events for each subject (subjects in parallel, a
// subject's events in order) and reports completion on done.
func (e *env) writeAll(ctx context.Context, subjects, per int) <-chan error {
	done := make(chan error, 1)
	go func() {
		errc := make(chan error, subjects)
		for s := range subjects {
			go func() {
				for n := 1; n <= per; n++ {
					if err := e.emit(ctx, fmt.Sprintf("order-%02d", s), n); err != nil {
						errc <- err
						return
					}
				}
				errc <- nil
			}()
		}
		var first error
		for range subjects {
			if err := <-errc; err != nil && first == nil {
				first = err
			}
		}
		done <- first
	}()
	return done
}

package db_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestPoolMetricsShowAcquiresThatWaited(t *testing.T) {
	t.Parallel()
	d := newDB(t)
	pool := onePool(t, d.AppURL)
	reg := prometheus.NewRegistry()
	reg.MustRegister(db.NewPoolCollector(map[string]*db.Pool{"app": pool}))
	ctx := as(tenant.New())

	// A transaction holds the only connection while a second one asks
	// for it: the second waits until the first ends.
	holding, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "select 1"); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	if got := value(t, reg, "vextrus_db_pool_acquired_connections"); got != 1 {
		t.Errorf("acquired connections while one transaction runs = %v, want 1", got)
	}
	time.AfterFunc(50*time.Millisecond, func() { close(release) })
	if err := pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, "select 1")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}

	want := `
		# HELP vextrus_db_pool_max_connections The most connections the pool opens.
		# TYPE vextrus_db_pool_max_connections gauge
		vextrus_db_pool_max_connections{pool="app"} 1
	`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "vextrus_db_pool_max_connections"); err != nil {
		t.Error(err)
	}
	if got := value(t, reg, "vextrus_db_pool_acquires_total"); got < 2 {
		t.Errorf("acquires = %v, want at least 2", got)
	}
	if got := value(t, reg, "vextrus_db_pool_waited_acquires_total"); got < 1 {
		t.Errorf("waited acquires = %v, want at least 1 (the second transaction)", got)
	}
	if got := value(t, reg, "vextrus_db_pool_acquire_wait_seconds_total"); got < 0.04 {
		t.Errorf("acquire wait = %vs, want about the 50 ms the first transaction held on", got)
	}
	if got := value(t, reg, "vextrus_db_pool_acquired_connections"); got != 0 {
		t.Errorf("acquired connections after both ended = %v, want 0", got)
	}
}

// value is the value of the one series of name in reg.
func value(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == name && len(f.GetMetric()) == 1 {
			m := f.GetMetric()[0]
			return m.GetGauge().GetValue() + m.GetCounter().GetValue()
		}
	}
	t.Fatalf("no single series %s", name)
	return 0
}

// Package mixed is the whole-system workload of the Vextrus benchmarks:
// virtual users who do what a company's staff do, in proportion (sign in,
// browse lists through GraphQL, create and edit master data over REST,
// submit and approve invoices and purchase orders, receive goods, record
// payments), with the latency and errors of each operation, the writes the
// system acknowledged (what a crash must not lose), and a sampler of the
// system's own gauges. docs/scaling.md ("Mixed workload") gives the mix
// and why.
package mixed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
)

// Options shape one workload.
type Options struct {
	Tenant string // tenant slug to create (or reuse when it exists)
	Users  int    // virtual users; staff accounts are created for them
	Seed   uint64 // the mix's random seed
}

// Workload drives the mixed workload against a running system (the
// gateway's base URL). Safe for concurrent use by many virtual users.
type Workload struct {
	client *http.Client
	base   atomic.Pointer[string]
	// gen moves on with every Reconnect; a session signed in under an
	// older one signs in again.
	gen  atomic.Uint64
	opts Options
	// run tags the codes this workload creates, so a reused tenant takes
	// new ones.
	run    string
	runNum int64
	staff  []staff
	seed   seeded
	seq    atomic.Int64

	stats  stats
	mu     sync.Mutex
	ledger Acked
}

// New prepares the tenant, its users and roles, the master data, rules
// and settings the operations need. It is not measured.
//
// The workload signs in as the dev seed's owner (app.DevAdmin with the dev
// password) of o.Tenant, by default the dev tenant: the API creates no
// tenant with an owner, so another tenant must have been provisioned with
// that owner (`vextrus tenant create --owner-email`). Staff accounts are
// invited once per tenant and reused by a later workload of as many users.
func New(ctx context.Context, client *http.Client, url string, o Options) (*Workload, error) {
	if o.Tenant == "" {
		o.Tenant = app.DevTenant
	}
	if o.Users < 1 {
		return nil, fmt.Errorf("mixed: users must be at least 1")
	}
	n := time.Now().UnixMilli() % 1_000_000_000
	w := &Workload{client: client, opts: o, runNum: n, run: strings.ToUpper(strconv.FormatInt(n, 36))}
	w.Reconnect(url)
	if err := w.setup(ctx); err != nil {
		return nil, fmt.Errorf("mixed: %w", err)
	}
	return w, nil
}

// Reconnect points the workload at url again (the system restarted, maybe
// on another port); sessions are re-established on next use.
func (w *Workload) Reconnect(url string) {
	u := strings.TrimSuffix(url, "/")
	w.base.Store(&u)
	w.gen.Add(1)
}

func (w *Workload) url() string { return *w.base.Load() }

// StartUser signs the virtual user in as its staff account (not
// measured) and gives it its random stream of the mix.
func (w *Workload) StartUser(ctx context.Context, vu *load.VirtualUser) error {
	u := w.user(vu)
	if err := u.signIn(ctx, w); err != nil {
		return err
	}
	return nil
}

// user is vu's state, made on first use.
func (w *Workload) user(vu *load.VirtualUser) *user {
	if u, ok := vu.State.(*user); ok {
		return u
	}
	s := w.staff[vu.ID%len(w.staff)]
	u := &user{staff: s, rng: rand.New(rand.NewPCG(w.opts.Seed, uint64(vu.ID)))}
	vu.State = u
	return u
}

// Do performs one action of vu's role, drawn by the mix, and records its
// latency and outcome under the operation's name.
func (w *Workload) Do(ctx context.Context, vu *load.VirtualUser) error {
	u := w.user(vu)
	op := u.staff.role.draw(u.rng)
	began := time.Now()
	name, err := w.perform(ctx, u, op)
	w.stats.record(name, time.Since(began), err)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Ops are the per-operation figures so far.
func (w *Workload) Ops() []OpStats { return w.stats.snapshot() }

// OpStats are one operation's figures.
type OpStats struct {
	Name          string
	Count, Errors int64
	P50, P95, P99 time.Duration
}

// Acked is a copy of the writes the system acknowledged (a 2xx answer, or
// GraphQL data without errors) so far: only these must survive a crash.
func (w *Workload) Acked() Acked {
	w.mu.Lock()
	defer w.mu.Unlock()
	a := w.ledger
	for _, s := range []*[]string{&a.Customers, &a.Vendors, &a.Products, &a.PurchaseOrders, &a.GoodsReceipts,
		&a.Invoices, &a.ApprovedInvoices, &a.Payments} {
		*s = append([]string(nil), (*s)...)
	}
	return a
}

// Acked are the acknowledged writes of a workload, by kind.
type Acked struct {
	TenantSlug, TenantID          string
	Customers, Vendors, Products  []string // ids
	PurchaseOrders, GoodsReceipts []string
	Invoices                      []string // submitted
	ApprovedInvoices              []string // approval acknowledged
	Payments                      []string
}

// ack appends id to the ledger's list that pick chooses.
func (w *Workload) ack(pick func(*Acked) *[]string, id string) {
	w.mu.Lock()
	l := pick(&w.ledger)
	*l = append(*l, id)
	w.mu.Unlock()
}

package audit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// record stores n events for subject in t's log directly through the
// consumer's handler, as the audit consumer would.
func (e *env) record(t *testing.T, tid tenant.ID, subject string, n int) {
	t.Helper()
	evs := make([]events.Event, n)
	for i := range evs {
		evs[i] = events.Event{ID: fmt.Sprintf("01900000-0000-7000-8000-%012d", time.Now().UnixNano()%1e12+int64(i)),
			Source: "shop", Type: orderPlaced, Subject: subject, Time: time.Now(), Tenant: tid,
			Actor: "user-1", Data: json.RawMessage(fmt.Sprintf(`{"n": %d}`, i+1))}
	}
	e.recordEvents(t, tid, evs)
}

// recordEvents stores evs in t's log in one batch, in order.
func (e *env) recordEvents(t *testing.T, tid tenant.ID, evs []events.Event) {
	t.Helper()
	err := e.db.App.InTenantTx(tenant.With(context.Background(), tid), func(ctx context.Context, tx *db.Tx) error {
		return e.svc.Record(ctx, tx, evs)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuditSchemaIsTenantIsolatedAndAppendOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dbtest.AssertRLS(t, e.db.Admin, "audit")
	tid := tenant.New()
	e.record(t, tid, "order-1", 2)
	for _, stmt := range []string{"update audit.entries set actor = 'someone else'", "delete from audit.entries"} {
		var affected int64
		err := e.db.App.InTenantTx(tenant.With(context.Background(), tid), func(ctx context.Context, tx *db.Tx) error {
			tag, err := tx.Exec(ctx, stmt)
			affected = tag.RowsAffected()
			return err
		})
		if err == nil && affected > 0 {
			t.Errorf("%s: changed %d entries as the application role", stmt, affected)
		}
	}
	if _, err := e.db.Admin.Exec(context.Background(), "update audit.entries set actor = 'x'"); err == nil {
		t.Error("the append-only trigger let a superuser update an entry")
	}
}

func TestVerifyNamesTheEditedEntry(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	e.record(t, tid, "invoice-9", 10)
	ctx := reader(tid, audit.PermChainVerify)
	if res, err := e.svc.Verify(ctx); err != nil || !res.OK || res.Entries != 10 {
		t.Fatalf("intact chain: %+v %v", res, err)
	}
	// An administrator edits entry 4 behind the service's back, with the
	// trigger switched off for the session.
	_, err := e.db.Admin.Exec(context.Background(), `begin;
		set local session_replication_role = replica;
		update audit.entries set data = '{"n": 400}' where seq = 4;
		commit;`)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK || res.Broken == nil || res.Broken.Seq != 4 || res.Broken.EventID == "" {
		t.Fatalf("verify after editing entry 4: %+v, want entry 4 named", res)
	}
	// Deleting the last entry leaves no gap but is noticed too.
	_, err = e.db.Admin.Exec(context.Background(), `begin;
		set local session_replication_role = replica;
		update audit.entries set data = '{"n": 4}' where seq = 4;
		delete from audit.entries where seq = 10;
		commit;`)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := e.svc.VerifyTenant(tenant.With(context.Background(), tid)); err != nil || res.OK || res.Broken.Seq != 10 {
		t.Fatalf("verify after deleting the last entry: %+v %v, want entry 10 missing", res, err)
	}
}

func TestTenantsCannotReadEachOthersLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := tenant.New(), tenant.New()
	e.record(t, a, "secret-a", 3)
	e.record(t, b, "mine-b", 1)
	mux := http.NewServeMux()
	e.svc.Routes(mux)
	as := func(tid tenant.ID, perms ...string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mux.ServeHTTP(w, r.WithContext(reader(tid, perms...)))
		})
	}
	srv := httptest.NewServer(as(b, audit.PermEventRead, audit.PermChainVerify))
	defer srv.Close()
	api := apitest.New(t, srv.URL, srv.Client())
	for _, q := range []string{"", "?subject=secret-a", "?actor=user-1", "?type=" + orderPlaced} {
		var body struct {
			Items []audit.EntryJSON `json:"items"`
		}
		api.Do("GET", "/api/v1/audit/events"+q, nil).Want(t, http.StatusOK).Decode(t, &body)
		for _, it := range body.Items {
			if it.Subject != "mine-b" {
				t.Errorf("GET events%s as tenant B returned %s", q, it.Subject)
			}
		}
	}
	var v audit.VerifyJSON
	api.Do("POST", "/api/v1/audit/verify", nil).Want(t, http.StatusOK).Decode(t, &v)
	if v.TenantID != b.String() || v.Entries != 1 {
		t.Errorf("verify as B: %+v, want B's chain of 1", v)
	}
	// Without the permission, nothing.
	if _, err := e.svc.List(reader(a), audit.Filter{}); !errs.Is(err, errs.PermissionDenied) {
		t.Errorf("List without audit.event.read: %v, want PERMISSION_DENIED", err)
	}
	if _, err := e.svc.List(context.Background(), audit.Filter{}); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("List without a principal: %v, want UNAUTHENTICATED", err)
	}
	_ = authz.Principal{}
}

func TestListFiltersAndPagesNewestFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	e.record(t, tid, "po-1", 5)
	e.record(t, tid, "po-2", 2)
	mux := http.NewServeMux()
	e.svc.Routes(mux)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r.WithContext(reader(tid, audit.PermEventRead)))
	})
	get := func(q string) (int, map[string]json.RawMessage) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/audit/events"+q, nil))
		var body map[string]json.RawMessage
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		return rec.Code, body
	}
	var seqs []int64
	cursor := ""
	for range 10 {
		code, body := get("?subject=po-1&limit=2" + cursor)
		if code != 200 {
			t.Fatalf("status %d", code)
		}
		var items []audit.EntryJSON
		_ = json.Unmarshal(body["items"], &items)
		for _, it := range items {
			seqs = append(seqs, it.Seq)
		}
		var next *string
		_ = json.Unmarshal(body["nextCursor"], &next)
		if next == nil {
			break
		}
		cursor = "&cursor=" + *next
	}
	if fmt.Sprint(seqs) != "[5 4 3 2 1]" {
		t.Errorf("po-1 pages gave seqs %v, want [5 4 3 2 1]", seqs)
	}
	if code, body := get("?limit=0&from=yesterday"); code != 400 || !strings.Contains(string(body["errors"]), "from") {
		t.Errorf("bad query: %d %s, want 400 naming from", code, body["errors"])
	}
	if code, _ := get("?cursor=nonsense"); code != 400 {
		t.Errorf("bad cursor: %d, want 400", code)
	}
}

func TestRetentionPrunesAndKeepsTheChainVerifiable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	old, kept := tenant.New(), tenant.New()
	e.record(t, old, "a", 4)
	e.record(t, kept, "b", 4)
	own, _ := events.NewOutbox("audit")
	cfg := audit.DefaultConfig()
	cfg.TenantRetention = map[string]time.Duration{old.String(): time.Nanosecond}
	svc, err := audit.New(audit.Deps{DB: e.db.App, Events: own, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	n, err := svc.Prune(context.Background())
	if err != nil || n != 4 {
		t.Fatalf("prune: %d %v, want the 4 entries of the tenant with a retention", n, err)
	}
	e.record(t, old, "a", 2)
	e.record(t, old, "a", 3)
	// A cutoff inside the chain: the entries recorded before it go, the
	// first one recorded at it (seq 7) and those after stay.
	ctx := context.Background()
	var cutoff time.Time
	if err := e.db.Admin.QueryRow(ctx, "select recorded_at from audit.entries where tenant_id = $1 and seq = 7",
		old.UUID()).Scan(&cutoff); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Admin.QueryRow(ctx, "select audit.prune_entries(null, $1, $2)",
		[]uuid.UUID{old.UUID()}, []time.Time{cutoff}).Scan(&n); err != nil || n != 2 {
		t.Fatalf("prune before seq 7's time: %d %v, want seq 5 and 6", n, err)
	}
	var first, left int64
	if err := e.db.Admin.QueryRow(ctx, "select min(seq), count(*) from audit.entries where tenant_id = $1",
		old.UUID()).Scan(&first, &left); err != nil || first != 7 || left != 3 {
		t.Fatalf("after pruning: first seq %d, %d entries (err %v), want 7 and 3", first, left, err)
	}
	for _, tid := range []tenant.ID{old, kept} {
		res, err := svc.VerifyTenant(tenant.With(ctx, tid))
		if err != nil || !res.OK {
			t.Errorf("verify %s after pruning: %+v %v", tid, res, err)
		}
	}
}

type zones map[tenant.ID]string

func (z zones) Location(_ context.Context, t tenant.ID) (*time.Location, error) {
	return time.LoadLocation(z[t])
}

// TestBusinessDatesAreTheTenantsDays: the same instant, 31 March 19:00
// UTC, is 31 March for a tenant on UTC and 1 April for one in Dhaka, and
// a query by dates answers each by its own days.
func TestBusinessDatesAreTheTenantsDays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	utc, dhaka := tenant.New(), tenant.New()
	svc, err := audit.New(audit.Deps{DB: e.db.App, Events: e.shop, Config: audit.DefaultConfig(), Logger: testLogger(),
		Zones: zones{utc: "UTC", dhaka: "Asia/Dhaka"}})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 31, 19, 0, 0, 0, time.UTC)
	for i, tid := range []tenant.ID{utc, dhaka} {
		e.recordEvents(t, tid, []events.Event{{ID: fmt.Sprintf("01900000-0000-7000-8000-00000000000%d", i),
			Source: "shop", Type: orderPlaced, Subject: "po-9", Time: at, Tenant: tid, Data: json.RawMessage(`{"n": 1}`)}})
	}
	count := func(tid tenant.ID, f audit.Filter) int {
		t.Helper()
		p, err := svc.List(reader(tid, audit.PermEventRead), f)
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Items)
	}
	april1 := audit.Filter{FromDate: "2026-04-01", ToDate: "2026-04-01"}
	march31 := audit.Filter{FromDate: "2026-03-31", ToDate: "2026-03-31"}
	if count(utc, april1) != 0 || count(utc, march31) != 1 {
		t.Error("the UTC tenant's 31 March does not hold the event")
	}
	if count(dhaka, april1) != 1 || count(dhaka, march31) != 0 {
		t.Error("the Dhaka tenant's 1 April does not hold the event")
	}
	_, err = svc.List(reader(utc, audit.PermEventRead), audit.Filter{FromDate: "31/03/2026", ToDate: "2026-04-01", To: at})
	if got := fmt.Sprint(errs.As(err).Fields); !strings.Contains(got, "fromDate") || !strings.Contains(got, "toDate") {
		t.Errorf("bad dates: %v", err)
	}
}

package mixed_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/bench/mixed"
	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// system is Vextrus running in the test process on embedded engines, with
// a little of everything the checker reads: a customer, posted journals
// (numbers, ledger lines), audited events.
type system struct {
	url, dbURL    string
	adminPassword string
	acked         mixed.Acked
	db            *pgx.Conn
}

func startSystem(t *testing.T) *system {
	t.Helper()
	if testing.Short() {
		t.Skip("starts the whole system")
	}
	dir, err := os.MkdirTemp("", "vextrus-verify-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // PostgreSQL may run as another user
		t.Fatal(err)
	}
	ctx := context.Background()
	m, err := app.NewMain(ctx, app.Options{Dir: dir})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	s := &system{url: m.URL(), dbURL: m.App.Config.Database.URL, adminPassword: m.App.Config.Dev.AdminPassword}
	if s.db, err = pgx.Connect(ctx, s.dbURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.db.Close(context.Background()) })

	api := apitest.New(t, s.url, nil).Login(app.DevTenant, app.DevAdmin, m.App.Config.Dev.AdminPassword)
	var customer struct{ ID string }
	api.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{
		"code": "V-1", "name": "Verify Traders", "type": "company", "mobile": "01812345678",
		"address": map[string]string{"district": "Dhaka", "postCode": "1205"},
	}).Want(t, http.StatusCreated).Decode(t, &customer)
	var accounts struct {
		Items []struct {
			ID             string
			Header, Active bool
		}
	}
	api.Do(http.MethodGet, "/api/v1/finance/accounts", nil).Want(t, http.StatusOK).Decode(t, &accounts)
	var postable []string
	for _, a := range accounts.Items {
		if !a.Header && a.Active {
			postable = append(postable, a.ID)
		}
	}
	if len(postable) < 2 {
		t.Fatalf("the dev tenant has %d postable accounts", len(postable))
	}
	for i := range 3 {
		api.Do(http.MethodPost, "/api/v1/finance/journals", map[string]any{
			"date": time.Now().Format(time.DateOnly), "memo": "verify", "post": true,
			"lines": []map[string]string{
				{"accountId": postable[0], "debit": "10" + string(rune('0'+i)) + ".00"},
				{"accountId": postable[1], "credit": "10" + string(rune('0'+i)) + ".00"},
			},
		}).Want(t, http.StatusCreated)
	}
	var tenantID string
	if err := s.db.QueryRow(ctx, `select tenant_id::text from auth.tenants where slug = $1`, app.DevTenant).Scan(&tenantID); err != nil {
		t.Fatal(err)
	}
	s.acked = mixed.Acked{TenantSlug: app.DevTenant, TenantID: tenantID, Customers: []string{customer.ID}}
	qctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := mixed.Quiesce(qctx, s.dbURL); err != nil {
		t.Fatal(err)
	}
	return s
}

// verify runs the checker and returns its report.
func (s *system) verify(t *testing.T, acked mixed.Acked) *mixed.Report {
	t.Helper()
	r, err := mixed.Verify(context.Background(), http.DefaultClient, s.url, s.dbURL, acked)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// exec runs statements as the database's superuser with triggers (and
// with them the foreign keys and the product's own guards) off: how a
// test breaks what the product would refuse to break.
func (s *system) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `set local session_replication_role = replica`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// wantOnly fails t unless exactly the check named failed, with a detail
// holding want.
func wantOnly(t *testing.T, r *mixed.Report, name, want string) {
	t.Helper()
	if r.Err() == nil {
		t.Fatalf("every check passed; want %q to fail:\n%s", name, r)
	}
	for _, c := range r.Checks {
		switch {
		case c.Name == name && c.OK:
			t.Errorf("%q passed; want it to fail:\n%s", name, r)
		case c.Name == name && !strings.Contains(c.Detail, want):
			t.Errorf("%q says %q; want it to say %q", name, c.Detail, want)
		case c.Name != name && !c.OK:
			t.Errorf("%q failed too: %s", c.Name, c.Detail)
		}
	}
	if !strings.Contains(r.Err().Error(), name) {
		t.Errorf("Err() does not name %q: %v", name, r.Err())
	}
}

func TestVerifyPassesAQuietSystemAndFailsTheCheckWhoseInvariantIsBroken(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()

	t.Run("a quiet system passes every check", func(t *testing.T) {
		r := s.verify(t, s.acked)
		if err := r.Err(); err != nil {
			t.Fatalf("%v\n%s", err, r)
		}
		t.Logf("\n%s", r)
		want := []string{mixed.CheckAcked, mixed.CheckEventsAudited, mixed.CheckApprovals, mixed.CheckNumbers,
			mixed.CheckLedger, mixed.CheckStock}
		if len(r.Checks) != len(want) {
			t.Fatalf("%d checks, want %d:\n%s", len(r.Checks), len(want), r)
		}
		for i, c := range r.Checks {
			if c.Name != want[i] {
				t.Errorf("check %d is %q, want %q", i, c.Name, want[i])
			}
		}
		if c, _ := r.Check(mixed.CheckAcked); !strings.Contains(c.Detail, "1 writes") {
			t.Errorf("acked: %s", c.Detail)
		}
	})

	t.Run("an acknowledged write that is gone", func(t *testing.T) {
		acked := s.acked
		acked.Customers = append([]string{uuid.NewString()}, s.acked.Customers...)
		wantOnly(t, s.verify(t, acked), mixed.CheckAcked, "1 of 2 customers missing")
	})

	t.Run("an event missing from the audit log", func(t *testing.T) {
		var tenantID, eventID string
		var seq int64
		if err := s.db.QueryRow(ctx, `select tenant_id::text, event_id::text, seq from audit.entries
			where event_id in (select event_id from masterdata.outbox) order by seq desc limit 1`).Scan(&tenantID, &eventID, &seq); err != nil {
			t.Fatal(err)
		}
		s.exec(t, `create table public.verify_saved as select * from audit.entries where tenant_id = $1 and seq = $2`, tenantID, seq)
		s.exec(t, `delete from audit.entries where tenant_id = $1 and seq = $2`, tenantID, seq)
		defer s.exec(t, `insert into audit.entries select * from public.verify_saved; drop table public.verify_saved`)
		r := s.verify(t, s.acked)
		wantOnly(t, r, mixed.CheckEventsAudited, "not in the audit log (e.g. "+eventID)
		if c, _ := r.Check(mixed.CheckEventsAudited); !strings.Contains(c.Detail, "audit chain has") {
			t.Errorf("the chain's count does not show the hole: %s", c.Detail)
		}
	})

	t.Run("an event audited twice", func(t *testing.T) {
		s.exec(t, `alter table audit.entries drop constraint entries_tenant_id_event_id_key`)
		s.exec(t, `insert into audit.entries (tenant_id, seq, event_id, type, source, subject, actor, request_id,
				occurred_at, data, prev_hash, hash)
			select e.tenant_id, h.seq + 1, e.event_id, e.type, e.source, e.subject, e.actor, e.request_id, e.occurred_at,
				e.data, e.hash, e.hash
			from audit.entries e join audit.chain_heads h on h.tenant_id = e.tenant_id
			where e.event_id in (select event_id from masterdata.outbox) order by e.seq desc limit 1`)
		defer s.exec(t, `delete from audit.entries e using audit.chain_heads h where e.tenant_id = h.tenant_id and e.seq > h.seq;
			alter table audit.entries add constraint entries_tenant_id_event_id_key unique (tenant_id, event_id)`)
		wantOnly(t, s.verify(t, s.acked), mixed.CheckEventsAudited, "1 events audited more than once")
	})

	var last int64
	if err := s.db.QueryRow(ctx, `select last from finance.number_sequences where tenant_id = $1 and doc_type = 'journal'`,
		s.acked.TenantID).Scan(&last); err != nil {
		t.Fatal(err)
	}
	t.Run("a journal number lost", func(t *testing.T) {
		s.exec(t, `update finance.number_sequences set last = last + 1 where tenant_id = $1 and doc_type = 'journal'`, s.acked.TenantID)
		defer s.exec(t, `update finance.number_sequences set last = last - 1 where tenant_id = $1 and doc_type = 'journal'`, s.acked.TenantID)
		wantOnly(t, s.verify(t, s.acked), mixed.CheckNumbers, fmt.Sprintf("1 numbers missing of 1..%d (first %d)", last+1, last+1))
	})

	t.Run("a journal number issued past its sequence", func(t *testing.T) {
		s.exec(t, `update finance.number_sequences set last = last - 1 where tenant_id = $1 and doc_type = 'journal'`, s.acked.TenantID)
		defer s.exec(t, `update finance.number_sequences set last = last + 1 where tenant_id = $1 and doc_type = 'journal'`, s.acked.TenantID)
		wantOnly(t, s.verify(t, s.acked), mixed.CheckNumbers, fmt.Sprintf("1 numbers past the sequence's last %d (first %d)", last-1, last))
	})

	t.Run("a journal that does not balance", func(t *testing.T) {
		s.exec(t, `insert into finance.journal_lines (tenant_id, journal_id, line, account_id, date, debit)
			select tenant_id, journal_id, 99, account_id, date, 1 from finance.journal_lines where line = 1 limit 1`)
		defer s.exec(t, `delete from finance.journal_lines where line = 99`)
		wantOnly(t, s.verify(t, s.acked), mixed.CheckLedger, "does not balance")
	})

	t.Run("stock moved without its level", func(t *testing.T) {
		s.exec(t, `insert into orders.stock_movements (tenant_id, id, product_id, location_id, kind, quantity, value,
				unit_cost, on_hand_after, source_type, source_id, source_line, occurred_on)
			values ($1, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'receipt', 5, 500, 100, 5,
				'goods_receipt', gen_random_uuid(), 1, current_date)`, s.acked.TenantID)
		defer s.exec(t, `delete from orders.stock_movements where source_line = 1 and quantity = 5 and value = 500`)
		wantOnly(t, s.verify(t, s.acked), mixed.CheckStock, "on hand 0 (value 0), movements 5 (value 500)")
	})

	t.Run("an approval whose document never heard of it", func(t *testing.T) {
		s.exec(t, `insert into workflow.approvals (tenant_id, id, workflow_id, doc_service, doc_type, doc_id, amount,
				currency, submitter, status)
			values ($1, gen_random_uuid(), 'verify', 'finance', 'invoice', gen_random_uuid()::text, 1, 'BDT',
				gen_random_uuid(), 'approved')`, s.acked.TenantID)
		defer s.exec(t, `delete from workflow.approvals where workflow_id = 'verify'`)
		wantOnly(t, s.verify(t, s.acked), mixed.CheckApprovals, "(approved) has no document")
	})

	t.Run("a document submitted with no approval open is not quiet", func(t *testing.T) {
		// A kill between a submit's commit and its ask of the workflow
		// leaves this until the service's resumer asks again: Verify
		// must not judge before it has.
		api := apitest.New(t, s.url, nil).Login(app.DevTenant, app.DevAdmin, s.adminPassword)
		var inv struct{ ID, Status string }
		api.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales",
			"party": map[string]any{"id": s.acked.Customers[0]}, "lines": []map[string]any{{"description": "Cement",
				"vatCategory": "standard", "quantity": "1", "unit": "bag", "unitPrice": map[string]string{"amount": "500.00", "currency": "BDT"}}},
		}).Want(t, http.StatusCreated).Decode(t, &inv)
		api.Do(http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &inv)
		if inv.Status != "submitted" {
			t.Fatalf("the invoice is %s after submit, want submitted (waiting for an approver)", inv.Status)
		}
		s.exec(t, `update workflow.approvals set doc_id = 'aside-' || doc_id where doc_id = $1`, inv.ID)
		qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := mixed.Quiesce(qctx, s.dbURL)
		cancel()
		if err == nil || !strings.Contains(err.Error(), "1 documents submitted with no approval open") {
			t.Fatalf("quiesce with an unasked invoice: %v", err)
		}
		s.exec(t, `update workflow.approvals set doc_id = substr(doc_id, 7) where doc_id = $1`, "aside-"+inv.ID)
		qctx, cancel = context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := mixed.Quiesce(qctx, s.dbURL); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("the system passes again once repaired", func(t *testing.T) {
		if r := s.verify(t, s.acked); r.Err() != nil {
			t.Fatalf("%v\n%s", r.Err(), r)
		}
	})
}

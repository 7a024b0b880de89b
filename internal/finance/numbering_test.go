package finance_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// submitPending creates and submits n sales invoices above the automatic
// approval limit dated date, which wait for their approval.
func (f *invoiceFixture) submitPending(tb testing.TB, ctx context.Context, date string, n int) []finance.Invoice {
	tb.Helper()
	out := make([]finance.Invoice, n)
	for i := range out {
		out[i] = f.mustSubmit(tb, ctx, f.mustCreate(tb, ctx, smallSale(date, 200_000_00+int64(i))).ID)
		if out[i].Status != finance.StatusSubmitted {
			tb.Fatalf("invoice %d is %s, want submitted", i, out[i].Status)
		}
	}
	return out
}

func approve(ctx context.Context, svc *finance.Service, inv finance.Invoice) error {
	return svc.ApplyApproval(ctx, finance.ApprovalOutcome{ApprovalID: *inv.ApprovalID, DocumentID: inv.ID, Status: finance.ApprovalApproved})
}

func numbersOf(tb testing.TB, f *invoiceFixture, ctx context.Context, invs []finance.Invoice) []string {
	tb.Helper()
	var out []string
	for _, inv := range invs {
		got, err := f.svc.Invoice(ctx, inv.ID)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, got.Number)
	}
	slices.Sort(out)
	return out
}

func consecutive(prefix string, from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("%s%06d", prefix, i))
	}
	return out
}

func TestFiftyConcurrentApprovalsTakeFiftyConsecutiveNumbers(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	invs := f.submitPending(t, ctx, "2026-12-04", 50)
	var wg sync.WaitGroup
	errc := make(chan error, len(invs))
	for _, inv := range invs {
		wg.Go(func() { errc <- approve(ctx, f.svc, inv) })
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	got := numbersOf(t, f, ctx, invs)
	if want := consecutive("INV/2026-27/", 1, 50); !slices.Equal(got, want) {
		t.Fatalf("numbers %v, want %v", got, want)
	}
}

func TestNewFiscalYearRestartsTheSequenceWhenTheFormatSaysSo(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	june := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2027-06-30", 1000)).ID)
	july := f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2027-07-01", 1000)).ID)
	if june.Number != "INV/2026-27/000001" || july.Number != "INV/2027-28/000001" {
		t.Fatalf("numbers %q and %q, want each fiscal year's first", june.Number, july.Number)
	}
	// A tenant whose format runs on across years keeps counting.
	other, octx := newTenantCtx(t)
	doc := tenantsettings.Default("Running numbers")
	doc.Numbering[tenantsettings.DocSalesInvoice] = tenantsettings.Numbering{Prefix: "S", Pattern: "{prefix}-{seq:05}"}
	f.settings.set(other, doc)
	a := f.mustSubmit(t, octx, f.mustCreate(t, octx, smallSale("2027-06-30", 1000)).ID)
	b := f.mustSubmit(t, octx, f.mustCreate(t, octx, smallSale("2027-07-01", 1000)).ID)
	if a.Number != "S-00001" || b.Number != "S-00002" {
		t.Fatalf("numbers %q and %q, want S-00001 and S-00002", a.Number, b.Number)
	}
}

// The child process of TestKilledApprovalLosesNoNumber reads these.
const (
	childEnv   = "VX_FINANCE_KILL_CHILD"
	dsnEnv     = "VX_FINANCE_KILL_DSN"
	tenantEnv  = "VX_FINANCE_KILL_TENANT"
	invoiceEnv = "VX_FINANCE_KILL_INVOICE"
	takenLine  = "NUMBER-TAKEN"
)

// TestKilledApprovalLosesNoNumber approves an invoice in a child process
// that is killed (SIGKILL) while its transaction holds the Mushak number
// it took: the database gives the number back, and the next approvals
// continue the sequence with no gap.
func TestKilledApprovalLosesNoNumber(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	invs := f.submitPending(t, ctx, "2026-12-04", 3)
	if err := approve(ctx, f.svc, invs[0]); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestApprovingChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"=1", dsnEnv+"="+f.db.AppURL, tenantEnv+"="+tid.String(),
		invoiceEnv+"="+invs[1].ID.String()+"/"+invs[1].ApprovalID.String())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	taken := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), takenLine) {
				taken <- true
				return
			}
		}
		taken <- false
	}()
	select {
	case ok := <-taken:
		if !ok {
			_ = cmd.Wait()
			t.Fatal("the child ended without taking a number")
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the child took no number within a minute")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for _, inv := range invs[1:] {
		if err := approve(ctx, f.svc, inv); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := numbersOf(t, f, ctx, invs), consecutive("INV/2026-27/", 1, 3); !slices.Equal(got, want) {
		t.Fatalf("numbers after the kill %v, want %v", got, want)
	}
}

// TestApprovingChild is the child of TestKilledApprovalLosesNoNumber: it
// approves one invoice and stops in the transaction after taking the
// number, to be killed there.
func TestApprovingChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("runs only as the child of TestKilledApprovalLosesNoNumber")
	}
	ctx := context.Background()
	pool, err := db.Open(ctx, os.Getenv(dsnEnv), db.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	settings := &tenantSettings{by: map[tenant.ID]tenantsettings.Settings{}}
	svc, err := finance.New(finance.Deps{DB: pool, Settings: settings, Now: func() time.Time { return time.Date(2026, 12, 4, 4, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	finance.SetAfterNumber(svc, func(context.Context) {
		fmt.Println(takenLine)
		select {} // hold the number until killed
	})
	tid := tenant.MustParse(os.Getenv(tenantEnv))
	ids := strings.Split(os.Getenv(invoiceEnv), "/")
	err = svc.ApplyApproval(accountant(tid), finance.ApprovalOutcome{DocumentID: uuid.MustParse(ids[0]),
		ApprovalID: uuid.MustParse(ids[1]), Status: finance.ApprovalApproved})
	t.Fatalf("the approval ended (%v) instead of waiting to be killed", err)
}

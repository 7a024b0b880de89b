package mixed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/bd"
)

// staffPassword is every staff account's password (the policy's twelve
// characters and more, not containing the email).
const staffPassword = "mixed-Staff-Password-2026"

// Seeded master data: the customers invoices are made out to and the
// vendors, products and store purchase orders name.
const (
	seedCustomers = 20
	seedVendors   = 5
	seedProducts  = 5
)

// seeded is what New creates for the operations to name.
type seeded struct {
	customers, vendors, products []string
	location                     string
}

func (w *Workload) setup(ctx context.Context) error {
	if err := load.WaitReady(ctx, w.client, w.url()+"/readyz", 2*time.Minute); err != nil {
		return fmt.Errorf("system not ready: %w", err)
	}
	password := app.DefaultConfig().Dev.AdminPassword
	if p := os.Getenv("VEXTRUS_DEV_ADMIN_PASSWORD"); p != "" {
		password = p
	}
	admin := &user{staff: staff{email: app.DevAdmin, password: password}}
	if err := admin.signIn(ctx, w); err != nil {
		return err
	}
	tid, err := tokenTenant(admin.token)
	if err != nil {
		return err
	}
	w.ledger.TenantSlug, w.ledger.TenantID = w.opts.Tenant, tid
	// An invoice above 50,000 taka and an order above 1 lakh wait for an
	// approver; the rest are approved at submit.
	if err := w.publishChain(ctx, admin, "approval.chain.invoice", "amount > 50000"); err != nil {
		return err
	}
	if err := w.publishChain(ctx, admin, "approval.chain.purchase_order", "amount > 100000"); err != nil {
		return err
	}
	if err := w.seedMasterData(ctx, admin); err != nil {
		return err
	}
	return w.inviteStaff(ctx, admin)
}

// publishChain puts in force from today (Dhaka) a version of the
// approval chain key with one level: any approver when the condition
// holds. It waits for the tenant's seeded rule sets first.
func (w *Workload) publishChain(ctx context.Context, admin *user, key, condition string) error {
	path := "/api/v1/rules/rulesets/" + key
	for deadline := time.Now().Add(time.Minute); ; {
		_, err := w.call(ctx, admin, request{method: http.MethodGet, path: path}, nil)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the tenant's %s: %w", key, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	version := map[string]any{"hitPolicy": "COLLECT", "collectAs": "levels", "reference": "bench mixed workload " + w.run,
		"effectiveFrom": time.Now().In(bd.Dhaka()).Format(time.DateOnly), "tests": []any{},
		"rows": []map[string]any{{"description": "an approver when " + condition, "condition": condition,
			"outputs": map[string]string{"role": `"approver"`, "mode": `"any"`, "slaHours": "24"}}}}
	var draft struct {
		Number int `json:"number"`
	}
	if _, err := w.call(ctx, admin, request{method: http.MethodPost, path: path + "/versions", body: version}, &draft); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	publish := fmt.Sprintf("%s/versions/%d/publish", path, draft.Number)
	if _, err := w.call(ctx, admin, request{method: http.MethodPost, path: publish}, nil); err != nil {
		return fmt.Errorf("publish %s: %w", key, err)
	}
	return nil
}

// seedMasterData creates the customers, vendors, products and the store
// the operations name.
func (w *Workload) seedMasterData(ctx context.Context, admin *user) error {
	for range seedCustomers {
		id, err := w.createCustomer(ctx, admin)
		if err != nil {
			return err
		}
		w.seed.customers = append(w.seed.customers, id)
	}
	for range seedVendors {
		id, err := w.createVendor(ctx, admin)
		if err != nil {
			return err
		}
		w.seed.vendors = append(w.seed.vendors, id)
	}
	for range seedProducts {
		id, err := w.createProduct(ctx, admin)
		if err != nil {
			return err
		}
		w.seed.products = append(w.seed.products, id)
	}
	var loc struct{ ID string }
	body := map[string]any{"code": "MX-" + w.run, "name": "Mixed workload store " + w.run, "kind": "warehouse"}
	if _, err := w.call(ctx, admin, request{method: http.MethodPost, path: "/api/v1/orders/locations", body: body}, &loc); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	w.seed.location = loc.ID
	return nil
}

// inviteStaff makes the workload's staff accounts: an invitation with
// the account's role, accepted with the staff password. An account the
// tenant has already (a second workload of as many users) is reused.
// Accepting hashes the password (argon2id), so four go at once.
func (w *Workload) inviteStaff(ctx context.Context, admin *user) error {
	w.staff = make([]staff, w.opts.Users)
	for i := range w.staff {
		w.staff[i] = staff{email: fmt.Sprintf("mixed-%04d@%s.bench.local", i, w.opts.Tenant), password: staffPassword, role: roleOf(i)}
	}
	jobs := make(chan staff)
	errc := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for s := range jobs {
				if err := w.invite(ctx, admin, s); err != nil {
					errc <- err
					return
				}
			}
		})
	}
	var err error
feed:
	for _, s := range w.staff {
		select {
		case jobs <- s:
		case err = <-errc:
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errc)
	return errors.Join(err, <-errc)
}

func (w *Workload) invite(ctx context.Context, admin *user, s staff) error {
	var inv struct {
		InviteToken string `json:"inviteToken"`
	}
	body := map[string]any{"email": s.email, "name": "Mixed workload " + s.role.name, "roles": []string{s.role.name}}
	// The admin's session is shared by the four inviters: no re-login.
	b, _, err := send(ctx, w.client, w.url(), admin.token, request{method: http.MethodPost, path: "/api/v1/auth/invites", body: body})
	if IsStatus(err, http.StatusConflict) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("invite %s: %w", s.email, err)
	}
	if err := json.Unmarshal(b, &inv); err != nil || inv.InviteToken == "" {
		return fmt.Errorf("invite %s: no token in %.200s", s.email, b)
	}
	accept := map[string]string{"token": inv.InviteToken, "password": s.password}
	if _, _, err := send(ctx, w.client, w.url(), "", request{method: http.MethodPost, path: "/api/v1/auth/invites/accept", body: accept}); err != nil {
		return fmt.Errorf("accept the invitation of %s: %w", s.email, err)
	}
	return nil
}

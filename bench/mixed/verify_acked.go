package mixed

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// ackedKind is one kind of acknowledged write and how to find it through
// the API.
type ackedKind struct {
	name string
	ids  []string
	// present reads id and says whether it is there as acknowledged.
	present func(ctx context.Context, id string) (bool, string, error)
}

// checkAcked reads every acknowledged write back through the API, as the
// run's tenant (a read-only key the checker gives itself).
func checkAcked(ctx context.Context, conn *pgx.Conn, api *reader, acked Acked) (string, error) {
	t, err := ackedTenant(ctx, conn, acked)
	if err != nil {
		return "", err
	}
	if t == uuid.Nil {
		return "no tenant and no acknowledged write", nil
	}
	revoke, err := api.grantKey(ctx, conn, t)
	if err != nil {
		return "", err
	}
	defer revoke()
	var (
		f     findings
		total int
	)
	for _, k := range ackedKinds(conn, api, acked) {
		missing, wrong, err := presentAll(ctx, k)
		if err != nil {
			return "", fmt.Errorf("%s: %w", k.name, err)
		}
		total += len(k.ids)
		if len(missing) > 0 {
			f.add("%d of %d %s missing (%s)", len(missing), len(k.ids), k.name, firstOf(missing))
		}
		for _, w := range wrong {
			f.add("%s %s", k.name, w)
		}
	}
	if err := f.err(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d writes read back", total), nil
}

func ackedKinds(conn *pgx.Conn, api *reader, a Acked) []ackedKind {
	exists := func(path string) func(context.Context, string) (bool, string, error) {
		return func(ctx context.Context, id string) (bool, string, error) {
			found, err := api.get(ctx, path+id, nil)
			return found, "", err
		}
	}
	status := func(path string, allowed ...string) func(context.Context, string) (bool, string, error) {
		return func(ctx context.Context, id string) (bool, string, error) {
			var doc struct {
				Status string `json:"status"`
			}
			found, err := api.get(ctx, path+id, &doc)
			if err != nil || !found || len(allowed) == 0 || slices.Contains(allowed, doc.Status) {
				return found, "", err
			}
			return true, fmt.Sprintf("%s is %s, not %v", id, doc.Status, allowed), nil
		}
	}
	var connMu sync.Mutex // one pgx.Conn serves one query at a time
	receipt := func(ctx context.Context, id string) (bool, string, error) {
		var order uuid.UUID
		connMu.Lock()
		err := conn.QueryRow(ctx, `select order_id from orders.goods_receipts where id = $1::uuid`, id).Scan(&order)
		connMu.Unlock()
		if err == pgx.ErrNoRows {
			return false, "", nil
		} else if err != nil {
			return false, "", err
		}
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		found, err := api.get(ctx, "/api/v1/orders/purchase-orders/"+order.String()+"/receipts", &page)
		if err != nil || !found {
			return false, "", err
		}
		return slices.ContainsFunc(page.Items, func(r struct {
			ID string `json:"id"`
		}) bool {
			return r.ID == id
		}), "", nil
	}
	return []ackedKind{
		{"customers", a.Customers, exists("/api/v1/masterdata/customers/")},
		{"vendors", a.Vendors, exists("/api/v1/masterdata/vendors/")},
		{"products", a.Products, exists("/api/v1/masterdata/products/")},
		{"purchase orders", a.PurchaseOrders, exists("/api/v1/orders/purchase-orders/")},
		{"goods receipts", a.GoodsReceipts, receipt},
		{"invoices", a.Invoices, exists("/api/v1/finance/invoices/")},
		{"approved invoices", a.ApprovedInvoices, status("/api/v1/finance/invoices/", "approved", "partially_paid", "paid")},
		{"payments", a.Payments, exists("/api/v1/finance/payments/")},
	}
}

// presentAll reads k's ids eight at a time and returns those not found,
// and what was found not as acknowledged.
func presentAll(ctx context.Context, k ackedKind) (missing, wrong []string, err error) {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, 8)
	)
	for _, id := range k.ids {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			ok, bad, err := k.present(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				errs = append(errs, err)
			case !ok:
				missing = append(missing, id)
			case bad != "":
				wrong = append(wrong, bad)
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%d reads failed, the first: %w", len(errs), errs[0])
	}
	slices.Sort(missing)
	slices.Sort(wrong)
	return missing, wrong, nil
}

// ackedTenant is the run's tenant: its id, or the id of its slug; Nil
// when neither is given and nothing was acknowledged.
func ackedTenant(ctx context.Context, conn *pgx.Conn, a Acked) (uuid.UUID, error) {
	if a.TenantID != "" {
		return uuid.Parse(a.TenantID)
	}
	if a.TenantSlug == "" {
		n := len(a.Customers) + len(a.Vendors) + len(a.Products) + len(a.PurchaseOrders) + len(a.GoodsReceipts) +
			len(a.Invoices) + len(a.ApprovedInvoices) + len(a.Payments)
		if n > 0 {
			return uuid.Nil, fmt.Errorf("%d acknowledged writes but no tenant", n)
		}
		return uuid.Nil, nil
	}
	var t uuid.UUID
	err := conn.QueryRow(ctx, `select tenant_id from auth.tenants where slug = $1`, a.TenantSlug).Scan(&t)
	if err != nil {
		return uuid.Nil, fmt.Errorf("tenant %s: %w", a.TenantSlug, err)
	}
	return t, nil
}

func firstOf(ids []string) string {
	if len(ids) > 3 {
		return fmt.Sprintf("%v …", ids[:3])
	}
	return fmt.Sprint(ids)
}

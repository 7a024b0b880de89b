package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// ordersScenario measures a purchase order end to end through the
// services: created, submitted and approved at once (20,000 taka, below
// the chain's first level), its goods received (stock moved), then,
// once finance's copy of the order shows the goods billable (orders'
// events reached finance), the vendor's bill entered and submitted,
// which matches three ways and posts. One action is the whole order.
// The baseline is the raw engines in one process: the SDK starting a
// workflow on a file-backed dev server, signalling it twice and waiting
// for its end, beside the order's own three transactions (draft,
// approval, receipt with its stock movement) on a bare PostgreSQL.
func ordersScenario() load.Scenario {
	return load.Scenario{
		Name: "orders",
		Description: "purchase order created → approved at once → received → bill matched and posted " +
			"(through REST, Kafka and Temporal), beside raw SDK start + 2 signals + result and the order's 3 bare transactions",
		Setup:    setupOrders,
		Baseline: bareOrders,
	}
}

// ordersTarget runs one purchase order per action.
type ordersTarget struct {
	api                      *apiClient
	vendor, product, station string
	seq                      atomic.Int64
}

func setupOrders(ctx context.Context, env *load.Env) (load.Target, error) {
	api, _, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	if err := benchInvoiceChain(ctx, api); err != nil {
		return nil, err
	}
	run := time.Now().UnixMilli()
	t := &ordersTarget{api: api}
	for _, c := range []struct {
		path string
		body map[string]any
		id   *string
	}{
		{"/api/v1/masterdata/vendors", map[string]any{"code": fmt.Sprintf("BENCH-V-%d", run), "name": "Bench Cement Ltd", "type": "company"}, &t.vendor},
		{"/api/v1/masterdata/products", map[string]any{"sku": fmt.Sprintf("BENCH-P-%d", run), "name": "Cement, 50 kg bag", "unit": "bag",
			"vatCategory": "standard"}, &t.product},
		{"/api/v1/orders/locations", map[string]any{"code": fmt.Sprintf("BENCH-%d", run), "name": "Bench site", "kind": "project_site"}, &t.station},
	} {
		body, _ := json.Marshal(c.body)
		var out struct{ ID string }
		if err := api.call(ctx, http.MethodPost, c.path, string(body), &out); err != nil {
			return nil, fmt.Errorf("%s: %w", c.path, err)
		}
		*c.id = out.ID
	}
	if err := t.Do(ctx, &load.VirtualUser{}); err != nil {
		return nil, fmt.Errorf("first order: %w", err)
	}
	return t, nil
}

func (t *ordersTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	bags := fmt.Sprintf("%d", 10+t.seq.Add(1)%30)
	price := map[string]string{"amount": "500.00", "currency": "BDT"}
	body, _ := json.Marshal(map[string]any{"vendorId": t.vendor, "locationId": t.station,
		"deliveryDate": time.Now().In(bd.Dhaka()).Format(time.DateOnly), "lines": []any{map[string]any{"productId": t.product,
			"quantity": bags, "unitPrice": price}}})
	var po struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/orders/purchase-orders", string(body), &po); err != nil {
		return err
	}
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/submit", "", &po); err != nil {
		return err
	}
	if po.Status != "approved" {
		return fmt.Errorf("order %s is %s after submit, want approved", po.ID, po.Status)
	}
	body, _ = json.Marshal(map[string]any{"lines": []any{map[string]any{"line": 1, "accepted": bags}}})
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/receipts", string(body), nil); err != nil {
		return err
	}
	if err := t.billable(ctx, po.ID, bags); err != nil {
		return err
	}
	body, _ = json.Marshal(map[string]any{"kind": "purchase", "party": map[string]any{"id": t.vendor}, "purchaseOrderId": po.ID,
		"lines": []any{map[string]any{"productId": t.product, "quantity": bags, "unitPrice": price}}})
	var bill struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/finance/invoices", string(body), &bill); err != nil {
		return err
	}
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/finance/invoices/"+bill.ID+"/submit", "", &bill); err != nil {
		return err
	}
	if bill.Status != "approved" {
		return fmt.Errorf("bill %s of order %s is %s after submit, want matched and approved", bill.ID, po.ID, bill.Status)
	}
	return nil
}

// billable waits until finance's copy of order shows bags billable, as
// an accountant entering the bill would see it.
func (t *ordersTarget) billable(ctx context.Context, order, bags string) error {
	for {
		var m struct {
			Lines []struct{ Billable string } `json:"lines"`
		}
		err := t.api.call(ctx, http.MethodGet, "/api/v1/finance/purchase-orders/"+order, "", &m)
		if se, ok := err.(*statusError); err != nil && (!ok || se.status != http.StatusNotFound) {
			return err
		}
		if err == nil && len(m.Lines) == 1 && m.Lines[0].Billable == bags {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// signalledWorkflow waits for two signals and ends, as an issued order
// waits for its receipt and its bill.
func signalledWorkflow(ctx sdkworkflow.Context) error {
	ch := sdkworkflow.GetSignalChannel(ctx, "event")
	for range 2 {
		ch.Receive(ctx, nil)
	}
	return nil
}

// bareOrders is the baseline: the raw SDK and bare transactions, see
// ordersScenario.
func bareOrders(ctx context.Context, env *load.Env) (load.Target, error) {
	c, queue, err := rawTemporal(ctx, env, func(w worker.Worker) {
		w.RegisterWorkflowWithOptions(signalledWorkflow, sdkworkflow.RegisterOptions{Name: "signalled"})
	})
	if err != nil {
		return nil, err
	}
	pool, err := bareDatabase(ctx, env, orders.Schema)
	if err != nil {
		return nil, err
	}
	t := &bareOrdersTarget{c: c, queue: queue, run: time.Now().UnixNano(), pool: pool, tenant: tenant.New(),
		location: uuid.New(), product: uuid.New()}
	err = pool.InTenantTx(tenant.With(ctx, t.tenant), func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO orders.locations (tenant_id, id, code, name, kind)
			VALUES (current_setting('app.tenant_id')::uuid, $1, 'BENCH', 'Bench site', 'project_site')`, t.location)
		return err
	})
	return t, err
}

type bareOrdersTarget struct {
	c                 client.Client
	queue             string
	run               int64
	seq               atomic.Int64
	pool              *db.Pool
	tenant            tenant.ID
	location, product uuid.UUID
}

// Do starts the workflow, runs the order's three transactions (the
// draft with its line; approval with its number; the receipt with its
// line's count and the stock movement, which the stock trigger applies)
// and signals the workflow twice, then waits for its end.
func (t *bareOrdersTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	n := t.seq.Add(1)
	wid := fmt.Sprintf("raw-order-%d-%d-%d", t.run, vu.ID, n)
	run, err := t.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: wid, TaskQueue: t.queue, EnableEagerStart: true}, "signalled")
	if err != nil {
		return err
	}
	ctx = tenant.With(ctx, t.tenant)
	order, receipt := uuid.New(), uuid.New()
	steps := []func(context.Context, *db.Tx) error{
		func(ctx context.Context, tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO orders.purchase_orders (tenant_id, id, vendor_id, location_id, order_date,
				delivery_date, amount) VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, current_date, current_date, 2000000)`,
				order, t.product, t.location); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO orders.purchase_order_lines (tenant_id, order_id, line, product_id, quantity,
				unit_price, amount) VALUES (current_setting('app.tenant_id')::uuid, $1, 1, $2, 400000, 50000, 2000000)`, order, t.product)
			return err
		},
		func(ctx context.Context, tx *db.Tx) error {
			var seq int64
			if err := tx.QueryRow(ctx, `INSERT INTO orders.number_sequences AS s (tenant_id, doc_type, fiscal_year, last)
				VALUES (current_setting('app.tenant_id')::uuid, 'purchase-order', '', 1)
				ON CONFLICT (tenant_id, doc_type, fiscal_year) DO UPDATE SET last = s.last + 1 RETURNING last`).Scan(&seq); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `UPDATE orders.purchase_orders SET status = 'approved', number = $2, version = version + 1
				WHERE id = $1`, order, fmt.Sprintf("PO/%06d", seq))
			return err
		},
		func(ctx context.Context, tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO orders.goods_receipts (tenant_id, id, number, order_id, location_id, received_on, lines)
				VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, current_date, '[{}]')`,
				receipt, receipt.String(), order, t.location); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE orders.purchase_order_lines SET received = 400000 WHERE order_id = $1 AND line = 1`, order); err != nil {
				return err
			}
			var onHand int64
			err := tx.QueryRow(ctx, `SELECT coalesce((SELECT on_hand FROM orders.stock_levels WHERE product_id = $1 AND location_id = $2
				FOR UPDATE), 0)`, t.product, t.location).Scan(&onHand)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO orders.stock_movements (tenant_id, id, product_id, location_id, kind, quantity, value,
				unit_cost, on_hand_after, source_type, source_id, source_line, occurred_on)
				VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, 'receipt', 400000, 2000000, 50000, $4, 'goods_receipt', $5, 1, current_date)`,
				uuid.New(), t.product, t.location, onHand+400000, receipt)
			return err
		},
	}
	for _, step := range steps {
		if err := t.pool.InTenantTx(ctx, step); err != nil {
			return err
		}
	}
	for range 2 {
		if err := t.c.SignalWorkflow(ctx, wid, "", "event", nil); err != nil {
			return err
		}
	}
	return run.Get(ctx, nil)
}

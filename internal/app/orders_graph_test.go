package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// TestAPurchaseOrdersVendorAndBillsResolveInOneFederatedQuery asks the
// gateway once for a purchase order with its vendor's name (masterdata),
// its product (masterdata), its location and receipts (orders) and its
// bill's fields (finance); and from the vendor and the product back to
// the orders and the stock.
func TestAPurchaseOrdersVendorAndBillsResolveInOneFederatedQuery(t *testing.T) {
	m, err := app.NewMain(context.Background(), app.Options{Dir: dataDir(t)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	base := m.URL()
	owner := newClient(t, base, devLogin(t, base))

	var vendor, rod, store struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/vendors", map[string]any{"code": "VEND-MEGHNA", "name": "Meghna Steel Ltd",
		"type": "company", "bin": "004567891-0101"}).Want(t, http.StatusCreated).Decode(t, &vendor)
	owner.Do(http.MethodPost, "/api/v1/masterdata/products", map[string]any{"sku": "ROD-12MM", "name": "MS rod 12 mm",
		"unit": "kg", "vatCategory": "standard"}).Want(t, http.StatusCreated).Decode(t, &rod)
	owner.Do(http.MethodPost, "/api/v1/orders/locations", map[string]any{"code": "WH-TEJGAON", "name": "Tejgaon store",
		"kind": "warehouse"}).Want(t, http.StatusCreated).Decode(t, &store)

	// The tenant's today is Dhaka's.
	today := time.Now().In(time.FixedZone("BST", 6*3600)).Format(time.DateOnly)
	var po purchaseOrderAnswer
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders", map[string]any{"vendorId": vendor.ID, "locationId": store.ID,
		"deliveryDate": today, "lines": []any{map[string]any{"productId": rod.ID, "quantity": "400",
			"unitPrice": money{"95.00", "BDT"}}}}).Want(t, http.StatusCreated).Decode(t, &po)
	// 38,000 taka is under the chain's first level: approved at once.
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &po)
	if po.Status != "approved" {
		t.Fatalf("submitted order: %s, want approved at once", po.Status)
	}
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+po.ID+"/receipts", map[string]any{"challanRef": "MS-77",
		"lines": []any{map[string]any{"line": 1, "accepted": "400"}}}).Want(t, http.StatusCreated)

	// Finance learns the order and its receipt through events: until
	// then it refuses the bill.
	var bill invoiceAnswer
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "purchase", "date": today,
		"party": map[string]any{"id": vendor.ID}, "purchaseOrderId": po.ID, "supplierRef": "MSL/2026/118",
		"lines": []any{map[string]any{"productId": rod.ID, "quantity": "400", "unitPrice": money{"95.00", "BDT"}}}}).
		Want(t, http.StatusCreated).Decode(t, &bill)
	testwait.For(t, 30*time.Second, "finance takes the bill", func() bool {
		return owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+bill.ID+"/submit", nil).Status == http.StatusOK
	})
	testwait.For(t, 30*time.Second, "the order knows its bill", func() bool {
		owner.Do(http.MethodGet, "/api/v1/orders/purchase-orders/"+po.ID, nil).Want(t, http.StatusOK).Decode(t, &po)
		return len(po.Bills) == 1
	})

	var got struct {
		PurchaseOrder struct {
			Number string
			Status string
			Vendor struct{ ID, Name string }
			Lines  []struct {
				Product struct{ SKU, Name string }
			}
			Location struct{ Code string }
			Receipts []struct{ ChallanRef string }
			Bills    []struct {
				ID, Status  string
				SupplierRef string
				Vendor      struct{ Name string }
			}
		}
	}
	decodeData(t, owner.GraphQL("/graphql", `query($id: ID!) { purchaseOrder(id: $id) { number status vendor { id name }
		lines { product { sku name } } location { code } receipts { challanRef }
		bills { id status supplierRef vendor { name } } } }`, map[string]any{"id": po.ID}).Data(t), &got)
	o := got.PurchaseOrder
	if o.Number == "" || o.Status != "RECEIVED" || o.Vendor.ID != vendor.ID || o.Vendor.Name != "Meghna Steel Ltd" ||
		len(o.Lines) != 1 || o.Lines[0].Product.SKU != "ROD-12MM" || o.Location.Code != "WH-TEJGAON" ||
		len(o.Receipts) != 1 || o.Receipts[0].ChallanRef != "MS-77" {
		t.Fatalf("the federated order: %+v", o)
	}
	if len(o.Bills) != 1 || o.Bills[0].ID != bill.ID || o.Bills[0].SupplierRef != "MSL/2026/118" ||
		o.Bills[0].Vendor.Name != "Meghna Steel Ltd" || o.Bills[0].Status == "" {
		t.Fatalf("the order's bills from finance: %+v", o.Bills)
	}

	var back struct {
		Vendor struct {
			Name           string
			PurchaseOrders struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		Product struct {
			Stock []struct {
				OnHand   string
				Location struct{ Code string }
			}
		}
	}
	decodeData(t, owner.GraphQL("/graphql", `query($v: ID!, $p: ID!) { vendor(id: $v) { name purchaseOrders(first: 5) { edges { node { id } } } }
		product(id: $p) { stock { onHand location { code } } } }`, map[string]any{"v": vendor.ID, "p": rod.ID}).Data(t), &back)
	if len(back.Vendor.PurchaseOrders.Edges) != 1 || back.Vendor.PurchaseOrders.Edges[0].Node.ID != po.ID {
		t.Fatalf("the vendor's orders: %+v", back.Vendor)
	}
	if len(back.Product.Stock) != 1 || back.Product.Stock[0].OnHand != "400" || back.Product.Stock[0].Location.Code != "WH-TEJGAON" {
		t.Fatalf("the rod's stock: %+v", back.Product)
	}
}

// decodeData unmarshals a GraphQL answer's data into v, whose fields are
// the root fields.
func decodeData(tb testing.TB, data map[string]json.RawMessage, v any) {
	tb.Helper()
	raw, err := json.Marshal(data)
	if err == nil {
		err = json.Unmarshal(raw, v)
	}
	if err != nil {
		tb.Fatalf("data %s: %v", raw, err)
	}
}

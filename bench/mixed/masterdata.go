package mixed

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

var (
	firstNames = []string{"Rahman", "Karim", "Hossain", "Islam", "Ahmed", "Chowdhury", "Siddique", "Uddin", "Akter", "Mia"}
	trades     = []string{"Steel", "Cement", "Bricks", "Sand", "Traders", "Builders", "Construction", "Enterprise", "Rods", "Tiles"}
	districts  = []string{"Dhaka", "Chattogram", "Khulna", "Rajshahi", "Sylhet", "Barishal", "Rangpur", "Mymensingh"}
)

// next is a number unique within the workload, for codes and BINs.
func (w *Workload) next() int64 { return w.seq.Add(1) }

// bin is a 13-digit BIN unique to this workload's n (run tags differ).
func (w *Workload) bin(n int64) string {
	return fmt.Sprintf("3%06d%06d", w.runNum%1_000_000, n%1_000_000)
}

func (w *Workload) createCustomer(ctx context.Context, u *user) (string, error) {
	n := w.next()
	body := map[string]any{"code": fmt.Sprintf("MX-%s-C%d", w.run, n),
		"name": fmt.Sprintf("%s %s Ltd %s-%d", firstNames[n%10], trades[(n/10)%10], w.run, n), "type": "company",
		"bin": w.bin(n), "mobile": "01712345678",
		"address":     map[string]string{"line1": fmt.Sprintf("%d Motijheel C/A", 1+n%200), "district": districts[n%8], "postCode": "1000"},
		"creditLimit": money{Amount: "500000.00", Currency: "BDT"}, "paymentTermsDays": 30}
	var c struct{ ID string }
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/masterdata/customers", body: body}, &c); err != nil {
		return "", err
	}
	w.ack(func(a *Acked) *[]string { return &a.Customers }, c.ID)
	return c.ID, nil
}

func (w *Workload) createVendor(ctx context.Context, u *user) (string, error) {
	n := w.next()
	body := map[string]any{"code": fmt.Sprintf("MX-%s-V%d", w.run, n),
		"name": fmt.Sprintf("%s %s Supply %s-%d", firstNames[(n+3)%10], trades[n%10], w.run, n), "type": "company"}
	var v struct{ ID string }
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/masterdata/vendors", body: body}, &v); err != nil {
		return "", err
	}
	w.ack(func(a *Acked) *[]string { return &a.Vendors }, v.ID)
	return v.ID, nil
}

func (w *Workload) createProduct(ctx context.Context, u *user) (string, error) {
	n := w.next()
	body := map[string]any{"sku": fmt.Sprintf("MX-%s-P%d", w.run, n),
		"name": fmt.Sprintf("%s, lot %s-%d", trades[n%10], w.run, n), "unit": "bag", "vatCategory": "standard"}
	var p struct{ ID string }
	if _, err := w.call(ctx, u, request{method: http.MethodPost, path: "/api/v1/masterdata/products", body: body}, &p); err != nil {
		return "", err
	}
	w.ack(func(a *Acked) *[]string { return &a.Products }, p.ID)
	return p.ID, nil
}

// editCustomer reads one of the user's customers and changes its credit
// terms from the version read (If-Match: the ETag). The user edits only
// customers it created, so no other user's change races it.
func (w *Workload) editCustomer(ctx context.Context, u *user) error {
	id := u.customers[u.rng.IntN(len(u.customers))]
	h, err := w.call(ctx, u, request{method: http.MethodGet, path: "/api/v1/masterdata/customers/" + id}, nil)
	if err != nil {
		return err
	}
	etag := h.Get("ETag")
	if etag == "" || !strings.HasPrefix(etag, `"`) {
		return fmt.Errorf("customer %s: no ETag", id)
	}
	patch := map[string]any{"creditLimit": money{Amount: fmt.Sprintf("%d.00", 100_000+u.rng.IntN(900)*1000), Currency: "BDT"},
		"paymentTermsDays": 15 + u.rng.IntN(46)}
	_, err = w.call(ctx, u, request{method: http.MethodPatch, path: "/api/v1/masterdata/customers/" + id, body: patch,
		headers: []string{"If-Match", etag}}, nil)
	return err
}

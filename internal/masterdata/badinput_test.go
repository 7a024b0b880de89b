package masterdata_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// rowCount counts every master data record and event of a tenant.
func (e *env) rowCount(t tenant.ID) int {
	e.t.Helper()
	var n int
	err := e.db.Admin.QueryRow(context.Background(), `select
		(select count(*) from masterdata.customers where tenant_id = $1) +
		(select count(*) from masterdata.vendors where tenant_id = $1) +
		(select count(*) from masterdata.products where tenant_id = $1) +
		(select count(*) from masterdata.units where tenant_id = $1) +
		(select count(*) from masterdata.outbox where tenant_id = $1)`, t.UUID()).Scan(&n)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func with(body map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range body {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func product(sku, unit string) map[string]any {
	return map[string]any{"sku": sku, "name": "Portland cement 50kg", "nameBn": "পোর্টল্যান্ড সিমেন্ট", "unit": unit,
		"hsCode": "2523.29.00", "vatCategory": "standard", "defaultPrice": map[string]any{"amount": "560.00", "currency": "BDT"}}
}

func TestBadInputWritesNothing(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	const customers, vendors, products = "/api/v1/masterdata/customers", "/api/v1/masterdata/vendors", "/api/v1/masterdata/products"
	existing := c.Do("POST", customers, customer("C-001"))
	if existing.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", existing.Status, existing.Raw)
	}
	var rec customerJSON
	existing.Decode(t, &rec)
	before := e.rowCount(c.tenant)

	cases := []struct {
		name, method, path string
		body               any
		headers            []string
		status             int
		code, field, says  string
	}{
		{"old 11-digit BIN", "POST", customers, with(customer("C-2"), "bin", "12345678901"), nil, 400, "INVALID_ARGUMENT", "bin", "13-digit"},
		{"TIN of 10 digits", "POST", customers, with(customer("C-2"), "tin", "1234567890"), nil, 400, "INVALID_ARGUMENT", "tin", "12-digit"},
		{"NID of 11 digits", "POST", customers, with(customer("C-2"), "nid", "12345678901"), nil, 400, "INVALID_ARGUMENT", "nid", "10, 13 or 17 digits"},
		{"landline as mobile", "POST", customers, with(customer("C-2"), "mobile", "029123456"), nil, 400, "INVALID_ARGUMENT", "mobile", "01[3-9]"},
		{"unknown district", "POST", customers, with(customer("C-2"), "address", map[string]any{"district": "Atlantis"}), nil, 400, "INVALID_ARGUMENT", "address.district", "64 districts"},
		{"money as a number", "POST", customers, with(customer("C-2"), "creditLimit", map[string]any{"amount": 5, "currency": "BDT"}), nil, 400, "INVALID_ARGUMENT", "amount", "decimal string"},
		{"unknown field", "POST", customers, with(customer("C-2"), "colour", "red"), nil, 400, "INVALID_ARGUMENT", "colour", "not a known field"},
		{"bad wallet number", "POST", vendors, with(customer("V-1"), "mobileBanking", []any{map[string]any{"provider": "bkash", "number": "12345"}}), nil, 400, "INVALID_ARGUMENT", "mobileBanking[0].number", "01[3-9]"},
		{"unknown wallet provider", "POST", vendors, with(customer("V-1"), "mobileBanking", []any{map[string]any{"provider": "paypal", "number": "01712345678"}}), nil, 400, "INVALID_ARGUMENT", "mobileBanking[0].provider", "bkash, nagad, rocket"},
		{"blacklisted without reason", "POST", vendors, with(customer("V-1"), "blacklisted", true), nil, 400, "INVALID_ARGUMENT", "blacklistReason", "required"},
		{"6-digit HS code", "POST", products, with(product("P-1", "bag"), "hsCode", "2523.29"), nil, 400, "INVALID_ARGUMENT", "hsCode", "8-digit"},
		{"unknown unit", "POST", products, product("P-1", "furlong"), nil, 400, "INVALID_ARGUMENT", "unit", "cft, sft, rft"},
		{"unknown VAT category", "POST", products, with(product("P-1", "bag"), "vatCategory", "luxury"), nil, 400, "INVALID_ARGUMENT", "vatCategory", "truncated"},
		{"duplicate code", "POST", customers, customer("C-001"), nil, 409, "CONFLICT", "code", "C-001"},
		{"stale version", "PATCH", customers + "/" + rec.ID, map[string]any{"name": "X"}, []string{"If-Match", `"7"`}, 412, "FAILED_PRECONDITION", "If-Match", "version 1"},
		{"ETag never issued", "PATCH", customers + "/" + rec.ID, map[string]any{"name": "X"}, []string{"If-Match", `"v1"`}, 412, "FAILED_PRECONDITION", "If-Match", "current ETag"},
		{"patch without If-Match", "PATCH", customers + "/" + rec.ID, map[string]any{"name": "X"}, nil, 428, "FAILED_PRECONDITION", "If-Match", "required"},
		{"archive from a stale ETag", "POST", customers + "/" + rec.ID + "/archive", nil, []string{"If-Match", `"2"`}, 412, "FAILED_PRECONDITION", "If-Match", "version 1"},
		{"NUL in a name", "POST", customers, with(customer("C-2"), "name", "Rahman\x00Traders"), nil, 400, "INVALID_ARGUMENT", "name", "NUL"},
		{"NUL in a nested field", "POST", customers, with(customer("C-2"), "address", map[string]any{"line1": "\x00"}), nil, 400, "INVALID_ARGUMENT", "address.line1", "NUL"},
		{"duplicate key", "POST", customers, `{"code":"C-2","name":"a","name":"b"}`, nil, 400, "INVALID_ARGUMENT", "name", "more than once"},
		{"duplicate nested key", "PATCH", customers + "/" + rec.ID, `{"address":{"district":"Dhaka","district":"Khulna"}}`, []string{"If-Match", `"1"`}, 400, "INVALID_ARGUMENT", "address.district", "more than once"},
		{"form content type", "POST", customers, "code=C-2&name=a", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "INVALID_ARGUMENT", "Content-Type", "application/json"},
		{"no content type", "POST", customers, customer("C-2"), []string{"Content-Type", ""}, 415, "INVALID_ARGUMENT", "Content-Type", "application/json"},
		{"patch as plain text", "PATCH", customers + "/" + rec.ID, `{"name":"X"}`, []string{"Content-Type", "text/plain", "If-Match", `"1"`}, 415, "INVALID_ARGUMENT", "Content-Type", "application/merge-patch+json"},
		{"blacklisted=perhaps", "GET", vendors + "?blacklisted=perhaps", nil, nil, 400, "INVALID_ARGUMENT", "blacklisted", "true or false"},
		{"archived=maybe", "GET", customers + "?archived=maybe", nil, nil, 400, "INVALID_ARGUMENT", "archived", "false, true, any"},
		{"limit=ten", "GET", customers + "?limit=ten", nil, nil, 400, "INVALID_ARGUMENT", "limit", "from 1 to 200"},
		{"a filter of another kind", "GET", customers + "?category=cement", nil, nil, 400, "INVALID_ARGUMENT", "category", "not a filter"},
		{"archive unknown id", "POST", customers + "/" + uuid.NewString() + "/archive", nil, nil, 404, "NOT_FOUND", "", "not found"},
		{"patch to an invalid BIN", "PATCH", customers + "/" + rec.ID, map[string]any{"bin": "1"}, []string{"If-Match", `"1"`}, 400, "INVALID_ARGUMENT", "bin", "13-digit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(tc.method, tc.path, tc.body, tc.headers...)
			p := res.Problem(t)
			code, fields, detail := string(p.Code), res.Fields(t), p.Detail
			if res.Status != tc.status || code != tc.code {
				t.Fatalf("%d %s, want %d %s: %s", res.Status, code, tc.status, tc.code, res.Raw)
			}
			if tc.field != "" && !slices.Contains(fields, tc.field) {
				t.Fatalf("fields %v do not name %s: %s", fields, tc.field, res.Raw)
			}
			if !strings.Contains(string(res.Raw), tc.says) {
				t.Fatalf("answer does not say %q: %s (%s)", tc.says, res.Raw, detail)
			}
			if after := e.rowCount(c.tenant); after != before {
				t.Fatalf("rows went from %d to %d", before, after)
			}
		})
	}
}

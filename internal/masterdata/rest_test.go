package masterdata_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

type customerJSON struct {
	ID         string   `json:"id"`
	Version    int      `json:"version"`
	Code       string   `json:"code"`
	BIN        string   `json:"bin"`
	TIN        string   `json:"tin"`
	Mobile     string   `json:"mobile"`
	Status     string   `json:"status"`
	Tags       []string `json:"tags"`
	CreatedBy  string   `json:"createdBy"`
	ArchivedAt *string  `json:"archivedAt"`
	Address    struct {
		District, Division, PostCode string
	} `json:"address"`
	CreditLimit struct {
		Amount, Currency string
	} `json:"creditLimit"`
	PaymentTermsDays int `json:"paymentTermsDays"`
}

func TestCustomerLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	const base = "/api/v1/masterdata/customers"

	res := c.Do("POST", base, customer("C-001"))
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Raw)
	}
	var created customerJSON
	res.Decode(t, &created)
	if res.Header.Get("Location") != base+"/"+created.ID || res.Header.Get("ETag") != `"1"` {
		t.Fatalf("Location %q, ETag %q", res.Header.Get("Location"), res.Header.Get("ETag"))
	}
	t.Run("identifiers are stored normalised", func(t *testing.T) {
		if created.BIN != "0001234560101" || created.TIN != "123456789012" || created.Mobile != "+8801712345678" {
			t.Fatalf("identifiers: %+v", created)
		}
		if created.Address.Division != "dhaka" || created.Address.District != "dhaka" {
			t.Fatalf("address: %+v", created.Address)
		}
		if created.CreditLimit.Amount != "500000.00" || created.CreditLimit.Currency != "BDT" {
			t.Fatalf("credit limit: %+v", created.CreditLimit)
		}
		if !slices.Equal(created.Tags, []string{"contractor", "vip"}) || created.CreatedBy != c.user || created.Version != 1 {
			t.Fatalf("created: %+v", created)
		}
	})
	item := base + "/" + created.ID

	t.Run("patch needs If-Match and applies a merge patch", func(t *testing.T) {
		if res := c.Do("PATCH", item, map[string]any{"paymentTermsDays": 45}); res.Status != http.StatusPreconditionRequired {
			t.Fatalf("without If-Match: %d %s", res.Status, res.Raw)
		}
		res := c.Do("PATCH", item, map[string]any{"paymentTermsDays": 45, "address": map[string]any{"postCode": "১২১২"}}, "If-Match", `"1"`,
			"Content-Type", "application/merge-patch+json")
		if res.Status != http.StatusOK || res.Header.Get("ETag") != `"2"` {
			t.Fatalf("patch: %d %s", res.Status, res.Raw)
		}
		var got customerJSON
		res.Decode(t, &got)
		if got.PaymentTermsDays != 45 || got.Address.PostCode != "1212" || got.Address.District != "dhaka" || got.Version != 2 {
			t.Fatalf("patched: %+v", got)
		}
	})
	t.Run("stale If-Match is 412", func(t *testing.T) {
		res := c.Do("PATCH", item, map[string]any{"paymentTermsDays": 60}, "If-Match", `"1"`)
		if res.Status != http.StatusPreconditionFailed || res.Problem(t).Code != "FAILED_PRECONDITION" {
			t.Fatalf("stale: %d %s", res.Status, res.Raw)
		}
	})
	t.Run("archive hides from lists, restore brings back", func(t *testing.T) {
		if res := c.Do("POST", item+"/archive", nil); res.Status != http.StatusOK {
			t.Fatalf("archive: %d %s", res.Status, res.Raw)
		}
		if ids := listIDs(t, c, base); slices.Contains(ids, created.ID) {
			t.Fatalf("archived customer listed")
		}
		if ids := listIDs(t, c, base+"?archived=true"); !slices.Contains(ids, created.ID) {
			t.Fatalf("archived customer not in archived list")
		}
		if res := c.Do("POST", item+"/archive", nil); res.Status != http.StatusPreconditionFailed {
			t.Fatalf("archive twice: %d %s", res.Status, res.Raw)
		}
		if res := c.Do("POST", item+"/restore", nil, "If-Match", `"3"`); res.Status != http.StatusOK {
			t.Fatalf("restore: %d %s", res.Status, res.Raw)
		}
	})
	t.Run("every mutation is one event", func(t *testing.T) {
		got := e.outbox(c.tenant)
		want := map[string]int{
			"vextrus.masterdata.customer.created.v1": 1, "vextrus.masterdata.customer.updated.v1": 1,
			"vextrus.masterdata.customer.archived.v1": 1, "vextrus.masterdata.customer.restored.v1": 1,
		}
		if len(got) != len(want) {
			t.Fatalf("events %v, want %v", got, want)
		}
		for k, n := range want {
			if got[k] != n {
				t.Fatalf("events %v, want %v", got, want)
			}
		}
	})
	t.Run("rls", func(t *testing.T) { dbtest.AssertRLS(t, e.db.Admin, "masterdata") })
}

func listIDs(tb testing.TB, c *caller, path string) []string {
	tb.Helper()
	res := c.Do("GET", path, nil)
	if res.Status != http.StatusOK {
		tb.Fatalf("list %s: %d %s", path, res.Status, res.Raw)
	}
	var page struct {
		Items      []customerJSON `json:"items"`
		NextCursor *string        `json:"nextCursor"`
	}
	res.Decode(tb, &page)
	var ids []string
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

package masterdata_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// BenchmarkSearch is one two-word prefix search (about 50 hits, a page of
// 20) over 5,000 customers, at the service layer: the tenant transaction
// and its queries without HTTP. The names follow `go run ./bench
// masterdata`.
func BenchmarkSearch(b *testing.B) {
	e := newEnv(b)
	c := e.newCaller(tenant.New())
	first := []string{"Rahman", "Karim", "Hossain", "Islam", "Ahmed", "Chowdhury", "Siddique", "Uddin", "Akter", "Mia"}
	trade := []string{"Steel", "Cement", "Bricks", "Sand", "Traders", "Builders", "Construction", "Enterprise", "Rods", "Tiles"}
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	_ = w.Write([]string{"code", "name", "bin", "tin", "mobile", "address.district"})
	for i := range 5000 {
		_ = w.Write([]string{fmt.Sprintf("S-%05d", i), fmt.Sprintf("%s %s %d", first[i%10], trade[(i/10)%10], i),
			fmt.Sprintf("%013d", 1_000_000_000_000+i), fmt.Sprintf("%012d", 100_000_000_000+i), "01712345678", "Dhaka"})
	}
	w.Flush()
	if res := c.Do("POST", "/api/v1/masterdata/customers/import?wait=true", sb.String(), "Content-Type", "text/csv"); res.Status != http.StatusOK {
		b.Fatalf("import: %d %s", res.Status, res.Raw)
	}
	if _, err := e.db.Admin.Exec(b.Context(), "select 1"); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		q := strings.ToLower(first[i%10][:3]) + " " + strings.ToLower(trade[(i/10)%10][:4])
		i++
		page, err := e.svc.Customers.List(c.ctx, masterdata.ListQuery{Search: q, Limit: 20})
		if err != nil || len(page.Items) != 20 {
			b.Fatalf("search %q: %d items, %v", q, len(page.Items), err)
		}
	}
}

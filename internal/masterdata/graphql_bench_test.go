package masterdata_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// BenchmarkGraphQLCustomerPage is the masterdata half of `go run ./bench
// graphql`: a page of 10 customers with id, name and createdBy { id },
// posted to the subgraph handler over loopback HTTP.
func BenchmarkGraphQLCustomerPage(b *testing.B) {
	e := newEnv(b)
	c := e.newCaller(tenant.New())
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	_ = w.Write([]string{"code", "name", "bin", "tin", "mobile", "address.district", "creditLimit", "tags"})
	for i := range 50 {
		_ = w.Write([]string{fmt.Sprintf("G-%03d", i), fmt.Sprintf("Rahman Traders %d", i), fmt.Sprintf("%013d", 1_000_000_000_000+i),
			fmt.Sprintf("%012d", 100_000_000_000+i), "01712345678", "Dhaka", "250000.00", "seed"})
	}
	w.Flush()
	if res := c.Do("POST", "/api/v1/masterdata/customers/import?wait=true", sb.String(), "Content-Type", "text/csv"); res.Status != http.StatusOK {
		b.Fatalf("import: %d %s", res.Status, res.Raw)
	}
	query := map[string]string{"query": `{ customers(first: 10) { edges { node { id name createdBy { id } } } } }`}
	b.ReportAllocs()
	for b.Loop() {
		res := c.Do("POST", "/graphql/masterdata", query)
		if res.Status != http.StatusOK || strings.Contains(string(res.Raw), `"errors"`) {
			b.Fatalf("query: %d %s", res.Status, res.Raw)
		}
	}
}

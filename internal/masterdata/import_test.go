package masterdata_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// customersCSV is n customer rows; the rows at the given 0-based indexes
// are broken: the first a bad BIN, the second a bad mobile, the third an
// unknown district.
func customersCSV(tb testing.TB, n int, bad ...int) string {
	tb.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"code", "name", "nameBn", "type", "bin", "tin", "mobile", "address.district", "creditLimit", "paymentTermsDays", "tags"})
	for i := range n {
		row := []string{fmt.Sprintf("C-%05d", i), fmt.Sprintf("Customer %d Traders", i), "গ্রাহক", "company",
			fmt.Sprintf("%013d", 1000000000000+i), fmt.Sprintf("%012d", 100000000000+i), "01712345678", "Chattogram",
			"250000.00", "30", "bulk;import"}
		switch slices.Index(bad, i) {
		case 0:
			row[4] = "12345"
		case 1:
			row[6] = "0171234"
		case 2:
			row[7] = "Atlantis"
		}
		_ = w.Write(row)
	}
	w.Flush()
	return b.String()
}

func TestImportTenThousandRows(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	file := customersCSV(t, 10000, 17, 5000, 9999)

	res := c.Do("POST", "/api/v1/masterdata/customers/import?wait=true", file, "Content-Type", "text/csv")
	if res.Status != http.StatusOK {
		t.Fatalf("import: %d %s", res.Status, res.Raw)
	}
	var job masterdata.ImportJob
	res.Decode(t, &job)
	if job.Status != "succeeded" || job.Total != 10000 || job.Processed != 10000 || job.Created != 9997 || job.Failed != 3 || job.Skipped != 0 {
		t.Fatalf("job: %+v", job)
	}
	// The header is line 1, so row i is on line i+2.
	want := []struct {
		line  int
		field string
	}{{19, "bin"}, {5002, "mobile"}, {10001, "address.district"}}
	if len(job.Errors) != len(want) {
		t.Fatalf("errors: %+v", job.Errors)
	}
	for i, w := range want {
		got := job.Errors[i]
		if got.Line != w.line || len(got.Fields) != 1 || got.Fields[0].Field != w.field {
			t.Fatalf("error %d: %+v, want line %d field %s", i, got, w.line, w.field)
		}
	}
	if n := e.outbox(c.tenant)["vextrus.masterdata.customer.created.v1"]; n != 9997 {
		t.Fatalf("%d created events, want 9997", n)
	}

	t.Run("running it again creates nothing", func(t *testing.T) {
		res := c.Do("POST", "/api/v1/masterdata/customers/import?wait=true", file, "Content-Type", "text/csv")
		var again masterdata.ImportJob
		res.Decode(t, &again)
		if again.Created != 0 || again.Skipped != 9997 || again.Failed != 3 {
			t.Fatalf("second run: %+v", again)
		}
		if n := e.outbox(c.tenant)["vextrus.masterdata.customer.created.v1"]; n != 9997 {
			t.Fatalf("%d created events after the re-run, want 9997", n)
		}
	})

	t.Run("export imports back as it was", func(t *testing.T) {
		res := c.Do("GET", "/api/v1/masterdata/customers/export", nil)
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d %s", res.Status, res.Header)
		}
		rows, err := csv.NewReader(strings.NewReader(string(res.Raw))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 9998 {
			t.Fatalf("%d export rows, want header + 9997", len(rows))
		}
		other := e.newCaller(tenant.New())
		imp := other.Do("POST", "/api/v1/masterdata/customers/import?wait=true", res.Raw, "Content-Type", "text/csv")
		var job masterdata.ImportJob
		imp.Decode(t, &job)
		if job.Created != 9997 || job.Failed != 0 {
			t.Fatalf("re-import of the export: %+v", job)
		}
	})
}

func TestImportReportsProgressInTheBackground(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	res := c.Do("POST", "/api/v1/masterdata/customers/import", customersCSV(t, 2500), "Content-Type", "text/csv")
	if res.Status != http.StatusAccepted {
		t.Fatalf("import: %d %s", res.Status, res.Raw)
	}
	loc := res.Header.Get("Location")
	var job masterdata.ImportJob
	testwait.For(t, 30*time.Second, "the import job succeeds", func() bool {
		job = masterdata.ImportJob{}
		c.Do("GET", loc, nil).Decode(t, &job)
		if job.Processed > job.Total || job.Created > job.Processed {
			t.Fatalf("inconsistent progress: %+v", job)
		}
		return job.Status == "succeeded"
	})
	if job.Created != 2500 {
		t.Fatalf("finished job: %+v", job)
	}
	t.Run("another tenant cannot see the job", func(t *testing.T) {
		other := e.newCaller(tenant.New())
		if res := other.Do("GET", loc, nil); res.Status != http.StatusNotFound {
			t.Fatalf("foreign job: %d %s", res.Status, res.Raw)
		}
	})
}

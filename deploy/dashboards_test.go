package deploy_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// scrapeLabels are the labels Prometheus adds to every series it scrapes
// (prometheus.yml gives each Vextrus job its target); a process never
// exports them itself.
var scrapeLabels = []string{"job", "instance", "target"}

// TestEveryMetricTheDashboardsUseIsExportedByARunningSystem runs the
// whole platform in this process, works it (a login, master data, an
// invoice through its approval workflow, the events they publish), then
// reads the internal listener's /metrics until every series each
// dashboard query selects is there, with every label the query filters or
// groups by.
func TestEveryMetricTheDashboardsUseIsExportedByARunningSystem(t *testing.T) {
	queries := dashboardQueries(t)
	want := map[string]map[string][]string{} // series -> label -> where
	for _, q := range queries {
		e, err := parse(q.expr)
		if err != nil {
			t.Errorf("%s: %q does not parse: %v", q.where, q.expr, err)
			continue
		}
		for name, ls := range metricUses(e) {
			if want[name] == nil {
				want[name] = map[string][]string{}
			}
			want[name][""] = append(want[name][""], q.where)
			for _, l := range ls {
				if !slices.Contains(scrapeLabels, l) {
					want[name][l] = append(want[name][l], q.where)
				}
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	m, err := app.NewMain(context.Background(), app.Options{})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	work(t, m.URL())

	var missing []string
	defer func() {
		if len(missing) > 0 {
			t.Errorf("missing from /metrics:\n  %s", strings.Join(missing, "\n  "))
		}
	}()
	testwait.For(t, 60*time.Second, "every series and label the dashboards use on /metrics", func() bool {
		have := scrape(t, m.InternalURL()+"/metrics")
		missing = missing[:0]
		for name, ls := range want {
			for l, where := range ls {
				if !slices.Contains(have[name], l) {
					missing = append(missing, fmt.Sprintf("%s%s (used by %s)", name, labelPart(l), strings.Join(where, "; ")))
				}
			}
		}
		slices.Sort(missing)
		return len(missing) == 0
	})
}

func labelPart(l string) string {
	if l == "" {
		return ""
	}
	return "{" + l + "}"
}

// work gives the metrics something to count: requests on several routes,
// an error, events through the outbox to their consumers, and an invoice
// whose submission starts its approval workflow on the worker.
func work(t *testing.T, base string) {
	t.Helper()
	apitest.New(t, base, nil).Do(http.MethodPost, apitest.LoginPath, map[string]string{"tenant": app.DevTenant,
		"email": app.DevAdmin, "password": "wrong"}).Want(t, http.StatusUnauthorized)
	owner := apitest.New(t, base, nil).Login(app.DevTenant, app.DevAdmin, "vextrus-dev")
	var customer struct {
		ID string `json:"id"`
	}
	owner.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": "CUST-PADMA", "name": "Padma Traders",
		"type": "company", "bin": "002345678-0202", "address": map[string]any{"line1": "4 Agrabad C/A", "district": "Chattogram", "postCode": "4100"}}).
		Want(t, http.StatusCreated).Decode(t, &customer)
	var invoice struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales", "date": time.Now().Format(time.DateOnly),
		"party": map[string]any{"id": customer.ID}, "lines": []map[string]any{{"description": "Site works", "vatCategory": "construction_firm",
			"quantity": "1", "unit": "pcs", "unitPrice": map[string]string{"amount": "10000.00", "currency": "BDT"}}}}).
		Want(t, http.StatusCreated).Decode(t, &invoice)
	var submitted struct {
		ApprovalID *string `json:"approvalId"`
	}
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+invoice.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &submitted)
	if submitted.ApprovalID == nil {
		t.Fatal("the submitted invoice has no approval: no workflow runs")
	}
}

// scrape reads url in Prometheus's text format and returns, for each
// series name (a histogram's _bucket, _sum and _count), the label names
// its samples carry, "" standing for the series itself.
func scrape(t *testing.T, url string) map[string][]string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse %s: %v", url, err)
	}
	out := map[string][]string{}
	for name, f := range fams {
		series := []string{name}
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM, dto.MetricType_GAUGE_HISTOGRAM:
			series = []string{name + "_bucket", name + "_sum", name + "_count"}
		case dto.MetricType_SUMMARY:
			series = []string{name, name + "_sum", name + "_count"}
		}
		for _, s := range series {
			ls := []string{""}
			for _, m := range f.GetMetric() {
				for _, lp := range m.GetLabel() {
					if !slices.Contains(ls, lp.GetName()) {
						ls = append(ls, lp.GetName())
					}
				}
			}
			out[s] = ls
		}
	}
	return out
}

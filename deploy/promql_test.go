package deploy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// dashboardsDir holds the committed Grafana dashboards.
const dashboardsDir = "grafana/dashboards"

// query is one PromQL expression of a dashboard, where it comes from.
type query struct {
	where string // file and panel title
	expr  string
}

// dashboardQueries returns every PromQL expression of every dashboard:
// each panel's targets (rows' panels included) and each query variable.
func dashboardQueries(t *testing.T) []query {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dashboardsDir, "*.json"))
	if len(files) == 0 {
		t.Fatalf("no dashboards in %s", dashboardsDir)
	}
	var out []query
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d dashboard
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if d.UID == "" || d.Title == "" {
			t.Errorf("%s: a dashboard needs a uid and a title", f)
		}
		var walk func([]panel)
		walk = func(ps []panel) {
			for _, p := range ps {
				for _, tg := range p.Targets {
					out = append(out, query{where: filepath.Base(f) + ": " + p.Title, expr: tg.Expr})
				}
				walk(p.Panels)
			}
		}
		walk(d.Panels)
		for _, v := range d.Templating.List {
			if v.Type == "query" {
				out = append(out, query{where: filepath.Base(f) + ": variable " + v.Name, expr: variableExpr(v.Query)})
			}
		}
	}
	return out
}

type dashboard struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Query any    `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

type panel struct {
	Title   string  `json:"title"`
	Panels  []panel `json:"panels"`
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
}

// labelValues is Grafana's label_values(selector, label) variable query.
var labelValues = regexp.MustCompile(`^\s*label_values\((.*),\s*(\w+)\s*\)\s*$`)

// variableExpr turns a variable's query (a string, or an object with a
// query field) into PromQL: label_values(sel, label) becomes
// `count by (label) (sel)`, which names the same metric and label.
func variableExpr(q any) string {
	s, _ := q.(string)
	if m, ok := q.(map[string]any); ok {
		s, _ = m["query"].(string)
	}
	if m := labelValues.FindStringSubmatch(s); m != nil {
		return "count by (" + m[2] + ") (" + m[1] + ")"
	}
	return s
}

// grafanaVars are Grafana's variables: $__rate_interval and its kin
// stand for ranges, the dashboards' own ($target, ${route}) for label
// values.
var (
	grafanaRange = regexp.MustCompile(`\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}`)
	grafanaVar   = regexp.MustCompile(`\$\{\w+(:\w+)?\}|\$\w+`)
)

// parse reads expr as Prometheus would once Grafana has put values in
// its variables.
func parse(expr string) (parser.Expr, error) {
	expr = grafanaRange.ReplaceAllString(expr, "5m")
	expr = grafanaVar.ReplaceAllString(expr, ".+")
	return parser.NewParser(parser.Options{}).ParseExpr(expr)
}

// uses is what one expression asks of the scraped metrics: the series
// names it selects, and for each the label names its matchers and
// groupings need.
type uses map[string][]string

// metricUses walks e: every vector selector names a series (by name or
// by a __name__ matcher), its matchers name labels of that series, and an
// aggregation's by (...) labels belong to the series under it.
func metricUses(e parser.Expr) uses {
	u := uses{}
	add := func(name, label string) {
		if label != "" && !slices.Contains(u[name], label) {
			u[name] = append(u[name], label)
		} else if _, ok := u[name]; !ok {
			u[name] = nil
		}
	}
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		switch n := n.(type) {
		case *parser.VectorSelector:
			name := n.Name
			for _, m := range n.LabelMatchers {
				if m.Name == model.MetricNameLabel && m.Type == labels.MatchEqual {
					name = m.Value
				}
			}
			add(name, "")
			for _, m := range n.LabelMatchers {
				if m.Name != model.MetricNameLabel {
					add(name, m.Name)
				}
			}
		case *parser.AggregateExpr:
			if n.Without {
				break
			}
			for name := range metricUses(n.Expr) {
				for _, l := range n.Grouping {
					if l != "le" {
						add(name, l)
					}
				}
			}
		}
		return nil
	})
	return u
}

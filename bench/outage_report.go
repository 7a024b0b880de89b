package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/topology"
)

// outageReport is what one engine's outage showed.
type outageReport struct {
	engine             topology.Engine
	down               time.Duration
	restart, recovered time.Duration
	probes             []*probeTally
	failures           []error
}

// probeTally counts one probe's answers during the outage.
type probeTally struct {
	name      string
	needed    bool
	answers   int
	good      int           // refused as required, or succeeded as required
	slowest   time.Duration // of the good answers
	wrong     []string      // the first wrong answers
	wrongSeen int
}

// maxWrong bounds the wrong answers a report quotes.
const maxWrong = 3

func (r *outageReport) tally(name string, needed bool) *probeTally {
	for _, t := range r.probes {
		if t.name == name {
			return t
		}
	}
	t := &probeTally{name: name, needed: needed}
	r.probes = append(r.probes, t)
	return t
}

// record judges one answer: a probe that needs the engine must be
// refused within failFast, any other must succeed.
func (r *outageReport) record(pr probe, a answer, needed bool, failFast time.Duration) {
	t := r.tally(pr.name, needed)
	t.answers++
	good := a.ok()
	if needed {
		good = a.unavailable() && a.took <= failFast
	}
	if !good {
		t.wrongSeen++
		if len(t.wrong) < maxWrong {
			t.wrong = append(t.wrong, a.String())
		}
		return
	}
	t.good++
	t.slowest = max(t.slowest, a.took)
}

// check turns the tallies into failures.
func (r *outageReport) check() {
	for _, t := range r.probes {
		want := "succeed"
		if t.needed {
			want = "be refused fast with 503/UNAVAILABLE and a Retry-After"
		}
		if t.answers == 0 {
			r.failures = append(r.failures, fmt.Errorf("%s down: %s never ran", r.engine, t.name))
		} else if t.wrongSeen > 0 {
			r.failures = append(r.failures, fmt.Errorf("%s down: %d of %d %s requests did not %s, e.g. %v",
				r.engine, t.wrongSeen, t.answers, t.name, want, t.wrong))
		}
	}
}

func (r *outageReport) print(w io.Writer) {
	fmt.Fprintf(w, "\n%s stopped for %v; started again in %v; every probe succeeded again %v after\n",
		r.engine, r.down, r.restart.Round(time.Millisecond), r.recovered.Round(time.Millisecond))
	fmt.Fprintf(w, "  %-16s %-10s %8s %8s %10s\n", "probe", "expected", "answers", "as such", "slowest")
	for _, t := range r.probes {
		want := "success"
		if t.needed {
			want = "503"
		}
		fmt.Fprintf(w, "  %-16s %-10s %8d %8d %10v\n", t.name, want, t.answers, t.good, t.slowest.Round(time.Millisecond))
	}
	for _, f := range r.failures {
		fmt.Fprintf(w, "  FAIL %v\n", f)
	}
}

// ackedProbe is a write a probe saw acknowledged.
type ackedProbe struct{ probe, id string }

// verify reads back every write the probes saw acknowledged: each
// customer is there, each submitted invoice is still submitted (or
// approved) with its approval.
func (p *prober) verify(ctx context.Context) error {
	var errs []error
	for _, a := range p.acked {
		switch a.probe {
		case "rest write":
			if r := p.send(ctx, http.MethodGet, "/api/v1/masterdata/customers/"+a.id, nil, nil); !r.ok() {
				errs = append(errs, fmt.Errorf("customer %s acknowledged, then: %v", a.id, r))
			}
		case "invoice submit":
			var inv struct {
				Status     string  `json:"status"`
				ApprovalID *string `json:"approvalId"`
			}
			r := p.send(ctx, http.MethodGet, "/api/v1/finance/invoices/"+a.id, nil, &inv)
			if !r.ok() || (inv.Status != "submitted" && inv.Status != "approved") || inv.ApprovalID == nil {
				errs = append(errs, fmt.Errorf("invoice %s submitted, then: %v, status %q, approval %v", a.id, r, inv.Status, inv.ApprovalID))
			}
		}
	}
	return errors.Join(errs...)
}

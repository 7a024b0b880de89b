package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/vextrus/vextrus/internal/topology"
)

// probe is one kind of request the outage run sends over and over while
// an engine is down, and what it needs: an engine it needs must make it
// fail fast with 503 (or GraphQL's UNAVAILABLE) and a Retry-After; one
// it does not need must leave it working.
type probe struct {
	name  string
	needs []topology.Engine
	do    func(p *prober, ctx context.Context) answer
}

// answer is what one probe request came back with.
type answer struct {
	status     int
	code       string // the problem's or the first GraphQL error's code
	retryAfter string // the Retry-After header, or extensions.retryAfterSeconds
	took       time.Duration
	err        error // a transport error: no answer at all
	id         string
}

// ok is a success: a 2xx without GraphQL errors.
func (a answer) ok() bool { return a.err == nil && a.status/100 == 2 && a.code == "" }

// unavailable is the answer an engine's outage must give: 503 or a
// GraphQL UNAVAILABLE, with when to come back.
func (a answer) unavailable() bool {
	return a.err == nil && (a.status == http.StatusServiceUnavailable || a.code == "UNAVAILABLE") &&
		a.code == "UNAVAILABLE" && a.retryAfter != ""
}

func (a answer) String() string {
	if a.err != nil {
		return fmt.Sprintf("no answer after %v: %v", a.took.Round(time.Millisecond), a.err)
	}
	return fmt.Sprintf("%d %s Retry-After=%q in %v", a.status, a.code, a.retryAfter, a.took.Round(time.Millisecond))
}

// prober sends the probes as the tenant's owner.
type prober struct {
	client   *http.Client
	base     string
	token    string
	customer string // a customer the invoices are made out to
	seq      atomic.Int64
	// acked are the writes the probes saw acknowledged.
	acked []ackedProbe
}

// send makes one request and reads the answer's code whichever shape it
// has (problem+json or a GraphQL response).
func (p *prober) send(ctx context.Context, method, path string, body any, out any) answer {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.base+path, rd)
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+p.token)
	start := time.Now()
	res, err := p.client.Do(req)
	a := answer{took: time.Since(start), err: err}
	if err != nil {
		return a
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	a.took, a.status, a.retryAfter = time.Since(start), res.StatusCode, res.Header.Get("Retry-After")
	if err != nil {
		a.err = err
		return a
	}
	var shape struct {
		Code   string `json:"code"`
		Errors []struct {
			Extensions struct {
				Code       string `json:"code"`
				RetryAfter int    `json:"retryAfterSeconds"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(raw, &shape)
	switch {
	case len(shape.Errors) > 0:
		a.code = shape.Errors[0].Extensions.Code
		if a.retryAfter == "" && shape.Errors[0].Extensions.RetryAfter > 0 {
			a.retryAfter = strconv.Itoa(shape.Errors[0].Extensions.RetryAfter)
		}
	case res.StatusCode/100 != 2:
		a.code = shape.Code
	case out != nil:
		if err := json.Unmarshal(raw, out); err != nil {
			a.err = fmt.Errorf("decode %s %s: %w", method, path, err)
		}
	}
	return a
}

// outageProbes are the requests of the run: a GraphQL read, a master-data
// write, and an invoice's submission, whose approval starts a workflow.
// The broker is needed by none: events wait in the outbox.
func outageProbes() []probe {
	return []probe{
		{name: "graphql read", needs: []topology.Engine{topology.Postgres}, do: (*prober).read},
		{name: "rest write", needs: []topology.Engine{topology.Postgres}, do: (*prober).write},
		{name: "invoice submit", needs: []topology.Engine{topology.Postgres, topology.Temporal}, do: (*prober).submit},
	}
}

func (p *prober) read(ctx context.Context) answer {
	return p.send(ctx, http.MethodPost, "/graphql",
		map[string]any{"query": `{ customers(first: 5) { edges { node { id code } } } }`}, nil)
}

func (p *prober) write(ctx context.Context) answer {
	n := p.seq.Add(1)
	var c struct {
		ID string `json:"id"`
	}
	a := p.send(ctx, http.MethodPost, "/api/v1/masterdata/customers", map[string]any{
		"code": fmt.Sprintf("OUT-%d-%06d", time.Now().Unix()%100000, n), "name": fmt.Sprintf("Outage Probe %d", n),
		"type": "company", "address": map[string]any{"line1": "12 Motijheel C/A", "district": "Dhaka", "postCode": "1000"}}, &c)
	a.id = c.ID
	return a
}

// submit creates an invoice above the approval threshold (needs only
// PostgreSQL) and submits it, which starts its approval in Temporal: the
// answer is the submission's. An invoice that could not be created is
// answered as its creation.
func (p *prober) submit(ctx context.Context) answer {
	var inv struct {
		ID string `json:"id"`
	}
	a := p.send(ctx, http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales",
		"date": time.Now().Format(time.DateOnly), "party": map[string]any{"id": p.customer},
		"lines": []map[string]any{{"description": "Steel rods, tonne", "vatCategory": "standard", "quantity": "2",
			"unit": "tonne", "unitPrice": map[string]string{"amount": "95000.00", "currency": "BDT"}}}}, &inv)
	if !a.ok() {
		return a
	}
	a = p.send(ctx, http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", nil, nil)
	a.id = inv.ID
	return a
}

// setup publishes the tenant's invoice approval chain (an approver above
// 1 lakh) and the customer the invoices go to.
func (p *prober) setup(ctx context.Context) error {
	var draft struct {
		Number int `json:"number"`
	}
	// The tenant's rule sets are seeded from its creation event: until
	// rules has consumed it, the chain's rule set is not there.
	var a answer
	for deadline := time.Now().Add(time.Minute); ; {
		a = p.send(ctx, http.MethodPost, "/api/v1/rules/rulesets/approval.chain.invoice/versions", map[string]any{
			"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2026-01-01", "reference": "outage: an approver above 1 lakh",
			"tests": []any{}, "rows": []map[string]any{{"description": "approver above 1 lakh", "condition": "amount > 100000",
				"outputs": map[string]string{"role": `"approver"`, "mode": `"any"`, "slaHours": "24"}}}}, &draft)
		if a.status != http.StatusNotFound || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if !a.ok() {
		return fmt.Errorf("approval chain: %v", a)
	}
	if a = p.send(ctx, http.MethodPost, fmt.Sprintf("/api/v1/rules/rulesets/approval.chain.invoice/versions/%d/publish",
		draft.Number), nil, nil); !a.ok() {
		return fmt.Errorf("publish the approval chain: %v", a)
	}
	if a = p.write(ctx); !a.ok() {
		return fmt.Errorf("customer: %v", a)
	}
	p.customer = a.id
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
)

// consoleScenario drives the web console as signed-in users would: each
// virtual user signs in through the console's form (its own session and
// cookie, unmeasured), then opens the approvals inbox and the invoice
// list in turn. The dev tenant is seeded with 60 invoices of 2 lakh that
// wait for the admin's approval, so both pages are full (50 rows). With
// -customers N it also seeds N customers and opens three customer pages
// (console_customers.go). The latency of each page is printed beside the
// total.
func consoleScenario(sys *inProcess) load.Scenario {
	return load.Scenario{
		Name:        "console",
		Description: "GET /console/approvals and /console/invoices in turn, each user signed in with its own console session; per-page latency printed",
		Setup:       func(ctx context.Context, env *load.Env) (load.Target, error) { return setupConsole(ctx, env, sys) },
		Baseline:    load.BareHTTP("/console/approvals"),
		Flags: func(fs *flag.FlagSet) {
			fs.IntVar(&consoleCustomers, "customers", 0, "console: seed this many customers (CSV import) and measure the customer pages too: "+
				"the first, one deep in the name order, one deep in a sorted, filtered and searched list")
		},
	}
}

// consolePages are what a user opens, in turn.
var consolePages = []string{"/console/approvals", "/console/invoices?side=sales"}

const consoleSeedInvoices = 60

type consoleTarget struct {
	client *http.Client
	// signIn does not follow redirects: the session cookie comes with
	// sign-in's 303.
	signIn *http.Client
	// signing lets two sign-ins run at once: auth's password hashing
	// refuses a crowd (503), and sign-in is not what is measured.
	signing chan struct{}
	base    string
	// pages are what a user opens, in turn.
	pages []string

	mu     sync.Mutex
	byPage map[string]*load.Histogram
	start  time.Time
}

func setupConsole(ctx context.Context, env *load.Env, sys *inProcess) (load.Target, error) {
	api, _, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	base := api.base
	if err := seedConsole(ctx, api); err != nil {
		return nil, err
	}
	pages := consolePages
	if consoleCustomers > 0 {
		if err := seedConsoleCustomers(ctx, api, consoleCustomers); err != nil {
			return nil, err
		}
		if sys.main != nil { // started here, so its /metrics are at hand
			if err := quiesce(ctx, env.Client, sys.internalURL()); err != nil {
				return nil, err
			}
		}
		more, err := customerPages(ctx, api, consoleCustomers)
		if err != nil {
			return nil, err
		}
		pages = append(slices.Clip(pages), more...)
	}
	t := &consoleTarget{client: env.Client, base: base, pages: pages, byPage: map[string]*load.Histogram{}, signing: make(chan struct{}, 2),
		signIn: &http.Client{Transport: env.Client.Transport, Timeout: time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	for _, p := range pages {
		t.byPage[p] = &load.Histogram{}
	}
	env.Defer(func() error { t.report(os.Stdout); return nil })
	return t, nil
}

// seedConsole puts 60 invoices of 2 lakh in the admin's approvals inbox:
// an invoice chain whose one level is the admin's first role, then the
// invoices, submitted.
func seedConsole(ctx context.Context, api *apiClient) error {
	var me struct{ Roles []string }
	if err := api.call(ctx, http.MethodGet, "/api/v1/auth/me", "", &me); err != nil || len(me.Roles) == 0 {
		return fmt.Errorf("the admin's roles: %v %v", me.Roles, err)
	}
	key := "/api/v1/rules/rulesets/approval.chain.invoice"
	deadline := time.Now().Add(time.Minute)
	for api.call(ctx, http.MethodGet, key, "", nil) != nil {
		if time.Now().After(deadline) {
			return errors.New("the tenant's invoice approval chain did not appear")
		}
		time.Sleep(500 * time.Millisecond)
	}
	rule, _ := json.Marshal(map[string]any{"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2026-01-01",
		"reference": "bench console", "tests": []any{}, "rows": []any{map[string]any{"description": "admin above 1 lakh",
			"condition": "amount > 100000", "outputs": map[string]string{"role": `"` + me.Roles[0] + `"`, "mode": `"any"`, "slaHours": "24"}}}})
	var draft struct{ Number int }
	if err := api.call(ctx, http.MethodPost, key+"/versions", string(rule), &draft); err != nil {
		return fmt.Errorf("invoice chain: %w", err)
	}
	if err := api.call(ctx, http.MethodPost, fmt.Sprintf("%s/versions/%d/publish", key, draft.Number), "", nil); err != nil {
		return fmt.Errorf("publish the invoice chain: %w", err)
	}
	var customer struct{ ID string }
	body, _ := json.Marshal(map[string]any{"code": fmt.Sprintf("CONSOLE-%d", time.Now().UnixNano()), "name": "Meghna Builders", "type": "company"})
	if err := api.call(ctx, http.MethodPost, "/api/v1/masterdata/customers", string(body), &customer); err != nil {
		return fmt.Errorf("customer: %w", err)
	}
	for i := range consoleSeedInvoices {
		var inv struct{ ID string }
		body, _ := json.Marshal(map[string]any{"kind": "sales", "party": map[string]string{"id": customer.ID},
			"lines": []any{map[string]any{"description": fmt.Sprintf("Rod, 16 mm, lot %d", i), "vatCategory": "standard",
				"quantity": "2", "unit": "ton", "unitPrice": map[string]string{"amount": "100000.00", "currency": "BDT"}}}})
		if err := api.call(ctx, http.MethodPost, "/api/v1/finance/invoices", string(body), &inv); err != nil {
			return fmt.Errorf("invoice %d: %w", i, err)
		}
		if err := api.call(ctx, http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", "", nil); err != nil {
			return fmt.Errorf("submit invoice %d: %w", i, err)
		}
	}
	return nil
}

var consoleCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// StartUser signs the user in through the console's form and keeps its
// session cookie.
func (t *consoleTarget) StartUser(ctx context.Context, vu *load.VirtualUser) error {
	t.signing <- struct{}{}
	defer func() { <-t.signing }()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, t.base+"/console/sign-in", nil)
	res, err := t.signIn.Do(req)
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := consoleCSRF.FindSubmatch(page)
	if m == nil {
		return fmt.Errorf("sign-in form: %d, no token", res.StatusCode)
	}
	form := url.Values{"csrf": {string(m[1])}, "tenant": {app.DevTenant}, "email": {app.DevAdmin},
		"password": {app.DefaultConfig().Dev.AdminPassword}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, t.base+"/console/sign-in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range res.Cookies() {
		req.AddCookie(c)
	}
	res, err = t.signIn.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "vextrus_console" && c.Value != "" {
			vu.State = c
			return nil
		}
	}
	return fmt.Errorf("sign-in: %d without a session cookie", res.StatusCode)
}

// Do opens the user's next page.
func (t *consoleTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	page := t.pages[vu.Rand.IntN(len(t.pages))]
	began := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, t.base+page, nil)
	req.AddCookie(vu.State.(*http.Cookie))
	res, err := t.client.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			err = fmt.Errorf("%s: status %d", page, res.StatusCode)
		}
	}
	t.mu.Lock()
	if t.start.IsZero() {
		t.start = began
	}
	t.byPage[page].RecordDuration(time.Since(began))
	t.mu.Unlock()
	return err
}

func (t *consoleTarget) report(w io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.start.IsZero() {
		return // no user got as far as a page
	}
	fmt.Fprintf(w, "console by page (%s, warm-up included):\n", time.Since(t.start).Round(time.Second))
	for _, p := range t.pages {
		h := t.byPage[p]
		fmt.Fprintf(w, "  %-30s n=%-7d p50=%6.2fms p95=%6.2fms p99=%6.2fms max=%7.2fms\n", p, h.Count(),
			mdMillis(h.QuantileDuration(0.50)), mdMillis(h.QuantileDuration(0.95)), mdMillis(h.QuantileDuration(0.99)), mdMillis(time.Duration(h.Max())))
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vextrus/vextrus/bench/load"
)

// The master data scenarios drive the REST API as the dev admin over a
// tenant seeded with 5,000 customers (one CSV import): "masterdata" mixes
// creates (20%), searches (40%) and reads by id (40%) and prints the
// latency of each kind; "masterdata-read" and "masterdata-write" measure
// the two sides alone, so the harness's window and percentiles apply to
// each exactly.
func masterdataScenarios(sys *inProcess) []load.Scenario {
	mk := func(name, desc string, mix opMix) load.Scenario {
		return load.Scenario{
			Name: name, Description: desc,
			Setup: func(ctx context.Context, env *load.Env) (load.Target, error) {
				return setupMasterdata(ctx, env, sys, mix)
			},
			Baseline: load.BareHTTP("/api/v1/masterdata/customers"),
		}
	}
	return []load.Scenario{
		mk("masterdata", "customers: 20% POST create, 40% GET search (?q=), 40% GET by id; per-kind latency printed", opMix{create: 20, search: 40}),
		mk("masterdata-read", "customers: half GET search (?q=), half GET by id", opMix{search: 50}),
		mk("masterdata-write", "customers: POST create with BIN, TIN, mobile and address validation and its event", opMix{create: 100}),
	}
}

// opMix is the percentage of creates and searches; the rest are reads by
// id.
type opMix struct{ create, search int }

const seedCustomers = 5000

var (
	seedFirst = []string{"Rahman", "Karim", "Hossain", "Islam", "Ahmed", "Chowdhury", "Siddique", "Uddin", "Akter", "Mia"}
	seedTrade = []string{"Steel", "Cement", "Bricks", "Sand", "Traders", "Builders", "Construction", "Enterprise", "Rods", "Tiles"}
	seedBn    = []string{"রহমান", "করিম", "হোসেন", "ইসলাম", "আহমেদ", "চৌধুরী", "সিদ্দিকী", "উদ্দিন", "আক্তার", "মিয়া"}
)

func setupMasterdata(ctx context.Context, env *load.Env, sys *inProcess, mix opMix) (load.Target, error) {
	api, _, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	base, token := api.base, api.token
	t := &masterdataTarget{client: env.Client, base: base + "/api/v1/masterdata/customers", token: token, mix: mix,
		run: time.Now().UnixNano() % 1_000_000, internal: sys.internalURL()}
	if err := t.seed(ctx); err != nil {
		return nil, err
	}
	if mix.create < 100 && mix.search < 100 && mix.create+mix.search > 0 { // more than one kind
		env.Defer(func() error { t.report(os.Stdout); return nil })
	}
	return t, nil
}

type masterdataTarget struct {
	client *http.Client
	base   string
	// internal is the system's internal listener, for /metrics.
	internal string
	token    string
	mix      opMix
	run      int64
	ids      []string
	seq      atomic.Int64

	mu    sync.Mutex
	byOp  map[string]*load.Histogram
	start time.Time
}

// seed imports the customers (idempotent: a second run skips them) and
// remembers a page of ids to read.
func (t *masterdataTarget) seed(ctx context.Context) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"code", "name", "nameBn", "bin", "tin", "mobile", "address.district", "creditLimit", "paymentTermsDays", "tags"})
	for i := range seedCustomers {
		_ = w.Write([]string{fmt.Sprintf("SEED-%05d", i),
			fmt.Sprintf("%s %s %d", seedFirst[i%10], seedTrade[(i/10)%10], i), seedBn[i%10] + " ট্রেডার্স",
			fmt.Sprintf("%013d", 1_000_000_000_000+i), fmt.Sprintf("%012d", 100_000_000_000+i), "01712345678",
			"Dhaka", "250000.00", "30", "seed"})
	}
	w.Flush()
	var job struct{ Created, Skipped, Failed int }
	if err := t.call(ctx, "POST", "/import?wait=true", "text/csv", b.Bytes(), &job); err != nil {
		return fmt.Errorf("seed import: %w", err)
	}
	if job.Failed != 0 || job.Created+job.Skipped != seedCustomers {
		return fmt.Errorf("seed import: %+v", job)
	}
	var page struct{ Items []struct{ ID string } }
	if err := t.call(ctx, "GET", "?limit=200", "", nil, &page); err != nil {
		return fmt.Errorf("seed ids: %w", err)
	}
	for _, it := range page.Items {
		t.ids = append(t.ids, it.ID)
	}
	if len(t.ids) == 0 {
		return fmt.Errorf("seed ids: none")
	}
	t.byOp = map[string]*load.Histogram{"create": {}, "search": {}, "get": {}}
	return settle(ctx, t.client, t.internal)
}

// settle waits until the import's events are published and consumed (no
// outbox backlog, no consumer lag on /metrics for longer than the relay
// refreshes its backlog gauge), so the measurement does not share the
// machine with the audit log catching up on thousands of events.
// base is the system's internal listener, where /metrics is served.
func settle(ctx context.Context, client *http.Client, base string) error {
	const quietFor = 6 * time.Second
	deadline := time.Now().Add(2 * time.Minute)
	var quietSince time.Time
	for time.Now().Before(deadline) {
		busy, err := eventBacklog(ctx, client, base)
		if err != nil {
			return fmt.Errorf("settle: %w", err)
		}
		switch {
		case busy > 0:
			quietSince = time.Time{}
		case quietSince.IsZero():
			quietSince = time.Now()
		case time.Since(quietSince) >= quietFor:
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	return errors.New("settle: events still pending after 2 minutes")
}

// eventBacklog sums the outbox backlog and consumer lag gauges of /metrics.
func eventBacklog(ctx context.Context, client *http.Client, base string) (float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var sum float64
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "vextrus_outbox_backlog{") && !strings.HasPrefix(line, "vextrus_consumer_lag{") {
			continue
		}
		if v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64); err == nil {
			sum += v
		}
	}
	return sum, sc.Err()
}

// Do performs one create, search or read, drawn by the mix.
func (t *masterdataTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	n := vu.Rand.IntN(100)
	op, began := "get", time.Now()
	var err error
	switch {
	case n < t.mix.create:
		op = "create"
		i := t.seq.Add(1)
		body, _ := json.Marshal(map[string]any{
			"code": fmt.Sprintf("B%d-%d", t.run, i), "name": fmt.Sprintf("%s %s bench %d", seedFirst[i%10], seedTrade[i%7], i),
			"nameBn": seedBn[i%10], "type": "company", "bin": fmt.Sprintf("%013d", 2_000_000_000_000+i),
			"tin": fmt.Sprintf("%012d", 200_000_000_000+i), "mobile": "01812345678",
			"address":     map[string]string{"district": "Chattogram", "postCode": "4000"},
			"creditLimit": map[string]string{"amount": "100000.00", "currency": "BDT"}, "paymentTermsDays": 15,
		})
		err = t.call(ctx, "POST", "", "application/json", body, nil)
	case n < t.mix.create+t.mix.search:
		op = "search"
		first := seedFirst[vu.Rand.IntN(10)]
		q := strings.ToLower(first[:3+vu.Rand.IntN(len(first)-2)]) + "+" + strings.ToLower(seedTrade[vu.Rand.IntN(10)][:4])
		err = t.call(ctx, "GET", "?limit=20&q="+q, "", nil, nil)
	default:
		err = t.call(ctx, "GET", "/"+t.ids[vu.Rand.IntN(len(t.ids))], "", nil, nil)
	}
	t.mu.Lock()
	if t.start.IsZero() {
		t.start = began
	}
	t.byOp[op].RecordDuration(time.Since(began))
	t.mu.Unlock()
	return err
}

func (t *masterdataTarget) call(ctx context.Context, method, path, ctype string, body []byte, out any) error {
	api := apiClient{client: t.client, base: t.base}
	raw, err := api.send(ctx, method, path, ctype, body, t.token)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// report prints the latency of each kind of request over the whole run,
// warm-up included (the harness's table covers the measured window).
func (t *masterdataTarget) report(w io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(w, "masterdata by kind (%s, warm-up included):\n", time.Since(t.start).Round(time.Second))
	for _, op := range []string{"create", "search", "get"} {
		h := t.byOp[op]
		if h.Count() == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-6s n=%-7d p50=%6.2fms p95=%6.2fms p99=%6.2fms max=%7.2fms\n", op, h.Count(),
			mdMillis(h.QuantileDuration(0.50)), mdMillis(h.QuantileDuration(0.95)), mdMillis(h.QuantileDuration(0.99)), mdMillis(time.Duration(h.Max())))
	}
}

func mdMillis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

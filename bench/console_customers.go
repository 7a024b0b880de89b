package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/vextrus/vextrus/bench/mixed"
)

// consoleCustomers is the -customers flag: how many customers the console
// scenario seeds before it measures, so its customer pages are measured
// on a tenant of that size.
var consoleCustomers int

// consoleRivers name the customers; a search for one finds a
// twentieth of them.
var consoleRivers = []string{"Padma", "Meghna", "Jamuna", "Karnaphuli", "Teesta", "Surma", "Kushiyara", "Rupsha", "Madhumati",
	"Buriganga", "Shitalakshya", "Dhaleshwari", "Arial", "Gorai", "Bhairab", "Kopotakkho", "Sangu", "Matamuhuri", "Feni", "Titas"}

const consoleImportRows = 5_000

// seedConsoleCustomers adds n customers through master data's CSV import,
// five thousand rows a job (one job answers well within the client's
// timeout on a loaded machine; ten thousand once did not): the bulk path,
// which writes the rows, their search terms and their events a thousand
// rows a statement (n API calls would take an hour). Every seventh
// customer is inactive, so a status filter has something to leave out.
func seedConsoleCustomers(ctx context.Context, api *apiClient, n int) error {
	began := time.Now()
	run := time.Now().UnixNano() % 1e6
	for from := 0; from < n; from += consoleImportRows {
		var csv bytes.Buffer
		csv.WriteString("code,name,type,status,address.district\n")
		for i := from; i < min(n, from+consoleImportRows); i++ {
			status := "active"
			if i%7 == 0 {
				status = "inactive"
			}
			// The number leads the name, so the name order is not the
			// creation order.
			fmt.Fprintf(&csv, "B%d-%07d,%07d %s Traders,company,%s,Dhaka\n", run, i, (i*7919)%n, consoleRivers[i%len(consoleRivers)], status)
		}
		var job struct {
			Status  string
			Created int
			Failed  int
			Errors  []any
		}
		body, err := api.send(ctx, http.MethodPost, "/api/v1/masterdata/customers/import?wait=true", "text/csv", csv.Bytes(), api.token)
		if err == nil {
			err = json.Unmarshal(body, &job)
		}
		if err != nil || job.Failed > 0 || job.Status != "succeeded" {
			return fmt.Errorf("import customers %d-%d: %+v %v", from, from+consoleImportRows, job, err)
		}
		fmt.Fprintf(os.Stderr, "seeded %d customers (%s)\n", min(n, from+consoleImportRows), time.Since(began).Round(time.Second))
	}
	return nil
}

// quiesce waits, up to ten minutes, until the system has published every
// outbox row and its consumers have caught up (its /metrics at internal):
// seeding 100,000 customers leaves 100,000 events for the relay, the audit
// chain and the other consumers, which would otherwise be measured with
// the pages.
func quiesce(ctx context.Context, client *http.Client, internal string) error {
	began := time.Now()
	deadline := began.Add(10 * time.Minute)
	for {
		m, err := mixed.Scrape(ctx, client, internal)
		if err == nil && m["vextrus_outbox_backlog"] == 0 && m["vextrus_consumer_lag"] == 0 {
			fmt.Fprintf(os.Stderr, "quiet after %s\n", time.Since(began).Round(time.Second))
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not quiet after 10 minutes: backlog %v, lag %v (%v)", m["vextrus_outbox_backlog"], m["vextrus_consumer_lag"], err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

// deepCursor walks the customer list of query (sorted, filtered,
// searched) two hundred rows a page and returns the cursor after row
// depth, or the last page's when the list is shorter: what a user paging
// deep into the list carries in the URL.
func deepCursor(ctx context.Context, api *apiClient, query url.Values, depth int) (string, error) {
	cursor := ""
	for read := 0; read < depth; read += 200 {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("limit", "200")
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct{ NextCursor *string }
		if err := api.call(ctx, http.MethodGet, "/api/v1/masterdata/customers?"+q.Encode(), "", &page); err != nil {
			return "", err
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	return cursor, nil
}

// customerPages are the console's customer pages measured with a seeded
// tenant: the first page, a page deep into the name order, and a page
// deep into a sorted, filtered and searched list.
func customerPages(ctx context.Context, api *apiClient, n int) ([]string, error) {
	byName := url.Values{"sort": {"name"}}
	deep, err := deepCursor(ctx, api, byName, n*9/10)
	if err != nil {
		return nil, err
	}
	search := url.Values{"q": {"padma"}, "status": {"active"}, "sort": {"-name"}}
	deepSearch, err := deepCursor(ctx, api, search, n/20*8/10)
	if err != nil {
		return nil, err
	}
	with := func(q url.Values, after string) string {
		v := url.Values{"after": {after}}
		for k, vs := range q {
			v[k] = vs
		}
		return "/console/customers?" + v.Encode()
	}
	return []string{"/console/customers", with(byName, deep), with(search, deepSearch)}, nil
}

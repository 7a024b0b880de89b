package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// sortables makes three customers whose names share a word no other
// test's have, so a search finds only them; created in an order that is
// neither the names' nor their reverse.
func sortables(t *testing.T, owner *apitest.Client) (word string, ascending []string) {
	t.Helper()
	word = fmt.Sprintf("srt%d", time.Now().UnixNano()%1e9)
	for _, n := range []string{"Bravo", "Charlie", "Alpha"} {
		owner.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": word + "-" + n,
			"name": word + " " + n + " Traders", "type": "company"}).Want(t, http.StatusCreated)
	}
	for _, n := range []string{"Alpha", "Bravo", "Charlie"} {
		ascending = append(ascending, word+" "+n+" Traders")
	}
	return word, ascending
}

var cellName = regexp.MustCompile(`<td[^>]*>\s*(srt\d+ \w+ Traders)\s*</td>`)

// names are the customer names of a list page's rows, in order.
func names(body string) []string {
	var out []string
	for _, m := range cellName.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestTheCustomerListSortsByItsHeadersWithoutScript(t *testing.T) {
	base, owner := platform(t)
	word, ascending := sortables(t, owner)
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)

	status, body := b.get("/console/customers?q=" + word + "&sort=name")
	if status != http.StatusOK || !slices.Equal(names(body), ascending) {
		t.Fatalf("sorted by name: %d %v, want %v", status, names(body), ascending)
	}
	if !regexp.MustCompile(`aria-sort="ascending"[^>]*>\s*<a href="/console/customers\?q=` + word + `&amp;sort=-name"`).MatchString(body) {
		t.Fatalf("the name header is not marked ascending with a link to the descending order:\n%s", body)
	}
	if !strings.Contains(body, `aria-sort="none"`) {
		t.Fatal("the code header is not marked as sortable and unsorted")
	}
	_, body = b.get("/console/customers?q=" + word + "&sort=-name")
	if got := names(body); !slices.Equal(got, reversed(ascending)) {
		t.Fatalf("sorted by -name: %v", got)
	}
	if !strings.Contains(body, `aria-sort="descending"`) {
		t.Fatal("the name header is not marked descending")
	}
	if status, body := b.get("/console/customers?sort=colour"); status != http.StatusBadRequest || !strings.Contains(body, "colour") {
		t.Fatalf("an unknown sort field: %d, want 400 naming it", status)
	}
}

func TestTheCustomerListSortsWithHtmxAndTheBackButtonRestoresTheOrder(t *testing.T) {
	chromium(t)
	base, owner := platform(t)
	word, ascending := sortables(t, owner)
	ctx := tab(t, browser(t))
	signInAs(t, ctx, base, app.DevTenant, app.DevAdmin, devPassword)
	rows := func() []string {
		return names(get(t, ctx, "read the list", cdp.Evaluate[string](`document.querySelector("#list").outerHTML`)))
	}
	firstRow := func(want string) cdp.Action[cdp.Void] { return waitText("#list tbody tr:first-child", want) }
	nameHeader := `#list th:nth-child(2) a`
	do(t, ctx, "open the search", cdp.Navigate(base+"/console/customers?q="+word), cdp.WaitVisible(cdp.CSS("#list")),
		firstRow(ascending[1])) // creation order: Bravo first
	do(t, ctx, "sort by name", cdp.Click(cdp.CSS(nameHeader)), firstRow(ascending[0]))
	if got := rows(); !slices.Equal(got, ascending) {
		t.Fatalf("after the name header: %v", got)
	}
	u, _ := url.Parse(get(t, ctx, "read the URL", cdp.Location()))
	if u.Query().Get("sort") != "name" {
		t.Fatalf("the sort is not in the URL: %s", u)
	}
	do(t, ctx, "sort by name descending", cdp.Click(cdp.CSS(nameHeader)), firstRow(ascending[2]))
	shot(t, ctx, "customers-sorted-descending")
	// The back button: htmx restores the entry it pushed from its history
	// cache, or reloads the URL when the cache misses; either way the page
	// may be replaced under the evaluation, so it is fired asynchronously
	// and the order waited for with fresh evaluations.
	do(t, ctx, "go back", cdp.Evaluate[cdp.Void](`setTimeout(() => history.back(), 0)`))
	testwait.For(t, 30*time.Second, "the ascending order after back", func() bool {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		html, err := cdp.Run(c, cdp.Evaluate[string](`(document.querySelector("#list") || {outerHTML: ""}).outerHTML`))
		return err == nil && strings.Contains(html, `aria-sort="ascending"`) && slices.Equal(names(html), ascending)
	})
	if got := rows(); !slices.Equal(got, ascending) {
		t.Fatalf("after the back button: %v", got)
	}
	if got := get(t, ctx, "read aria-sort", cdp.AttributeValue(cdp.CSS(`#list th:nth-child(2)`), "aria-sort")); got.Value != "ascending" {
		t.Fatalf("aria-sort after back: %+v", got)
	}
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

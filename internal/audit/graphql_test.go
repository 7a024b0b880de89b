package audit_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/audit/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

const orderCancelled = "vextrus.shop.order.cancelled.v1"

// seedStart is the event time of a seeded log's first entry; each next
// entry happened a minute later.
var seedStart = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// seed records n events in tid's log, oldest first (entry i has seq i+1),
// spread over three subjects, two types and three actors (one the system).
func (e *env) seed(t *testing.T, tid tenant.ID, n int) []events.Event {
	t.Helper()
	subjects, actors := []string{"po-1", "po-2", "inv-7"}, []string{"user-1", "user-2", ""}
	evs := make([]events.Event, n)
	for i := range evs {
		typ := orderPlaced
		if i%4 == 3 {
			typ = orderCancelled
		}
		evs[i] = events.Event{ID: uuid.Must(uuid.NewV7()).String(), Source: "shop", Type: typ, Subject: subjects[i%3],
			Actor: actors[(i/2)%3], RequestID: fmt.Sprintf("req-%d", i), Time: seedStart.Add(time.Duration(i) * time.Minute),
			Tenant: tid, Data: json.RawMessage(fmt.Sprintf(`{"n": %d, "amount": "1250.50", "lines": [{"sku": "ROD-10"}]}`, i+1))}
	}
	e.recordEvents(t, tid, evs)
	return evs
}

// filter is one selection, as GraphQL arguments and as a REST query.
type filter struct {
	subject, typ, actor string
	from, to            time.Time
}

func (f filter) matches(ev events.Event) bool {
	return (f.subject == "" || ev.Subject == f.subject) && (f.typ == "" || ev.Type == f.typ) &&
		(f.actor == "" || ev.Actor == f.actor) && (f.from.IsZero() || !ev.Time.Before(f.from)) &&
		(f.to.IsZero() || ev.Time.Before(f.to))
}

// want lists the ids of the seeded events f selects, newest first.
func (f filter) want(evs []events.Event) []string {
	var ids []string
	for i := len(evs) - 1; i >= 0; i-- {
		if f.matches(evs[i]) {
			ids = append(ids, evs[i].ID)
		}
	}
	return ids
}

func (f filter) vars(first int, after string) map[string]any {
	v := map[string]any{"first": first}
	for name, s := range map[string]string{"subject": f.subject, "type": f.typ, "actor": f.actor, "after": after} {
		if s != "" {
			v[name] = s
		}
	}
	for name, t := range map[string]time.Time{"from": f.from, "to": f.to} {
		if !t.IsZero() {
			v[name] = t.Format(time.RFC3339)
		}
	}
	return v
}

func (f filter) query(limit int, cursor string) string {
	q := url.Values{"limit": {fmt.Sprint(limit)}}
	for name, s := range map[string]string{"subject": f.subject, "type": f.typ, "actor": f.actor, "cursor": cursor} {
		if s != "" {
			q.Set(name, s)
		}
	}
	for name, t := range map[string]time.Time{"from": f.from, "to": f.to} {
		if !t.IsZero() {
			q.Set(name, t.Format(time.RFC3339))
		}
	}
	return q.Encode()
}

// eventFields are the fields of AuditEvent, named as REST names them.
const eventFields = `id seq type source subject actor requestId time recordedAt data hash prevHash`

const listQuery = `query($subject: String, $type: String, $actor: String, $from: Time, $to: Time, $first: Int, $after: String) {
  auditEvents(subject: $subject, type: $type, actor: $actor, from: $from, to: $to, first: $first, after: $after) {
    edges { cursor node { ` + eventFields + ` } }
    pageInfo { hasNextPage endCursor }
  }
}`

type connection struct {
	Edges []struct {
		Cursor string
		Node   map[string]any
	}
	PageInfo struct {
		HasNextPage bool
		EndCursor   *string
	}
}

// caller calls the audit service's REST API and subgraph as a principal
// of one tenant.
type caller struct {
	*apitest.Client
	t testing.TB
}

func (e *env) caller(t testing.TB, tid tenant.ID, perms ...string) *caller {
	mux := http.NewServeMux()
	e.svc.Routes(mux)
	mux.Handle("POST /graphql/audit", graph.Handler(e.svc, graphqlx.Options{}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r.WithContext(reader(tid, perms...)))
	}))
	t.Cleanup(srv.Close)
	return &caller{Client: apitest.New(t, srv.URL, srv.Client()), t: t}
}

func (c *caller) gql(query string, vars map[string]any) apitest.GraphQLAnswer {
	c.t.Helper()
	return c.GraphQL("/graphql/audit", query, vars).GraphQL(c.t)
}

// gqlPages reads every page of auditEvents under f, first at a time,
// checking each page's pageInfo against its edges.
func (c *caller) gqlPages(f filter, first int) []map[string]any {
	c.t.Helper()
	var out []map[string]any
	after := ""
	for range 100 {
		a := c.gql(listQuery, f.vars(first, after))
		if len(a.Errors) > 0 {
			c.t.Fatalf("auditEvents: %+v", a.Errors)
		}
		var conn connection
		if err := json.Unmarshal(a.Data["auditEvents"], &conn); err != nil {
			c.t.Fatal(err)
		}
		if len(conn.Edges) > first {
			c.t.Fatalf("page of %d edges, asked for %d", len(conn.Edges), first)
		}
		for _, edge := range conn.Edges {
			out = append(out, edge.Node)
		}
		if !conn.PageInfo.HasNextPage {
			if conn.PageInfo.EndCursor != nil {
				c.t.Fatalf("last page has endCursor %q", *conn.PageInfo.EndCursor)
			}
			return out
		}
		last := conn.Edges[len(conn.Edges)-1].Cursor
		if end := conn.PageInfo.EndCursor; end == nil || *end != last {
			c.t.Fatalf("endCursor %s is not the last edge's cursor %q", toJSON(end), last)
		}
		after = last
	}
	c.t.Fatal("auditEvents pages do not end")
	return nil
}

// restPages reads every page of GET /api/v1/audit/events under f.
func (c *caller) restPages(f filter, limit int) []map[string]any {
	c.t.Helper()
	var out []map[string]any
	cursor := ""
	for range 100 {
		var page struct {
			Items      []map[string]any
			NextCursor *string
		}
		c.Do("GET", "/api/v1/audit/events?"+f.query(limit, cursor), nil).Want(c.t, http.StatusOK).Decode(c.t, &page)
		out = append(out, page.Items...)
		if page.NextCursor == nil {
			return out
		}
		cursor = *page.NextCursor
	}
	c.t.Fatal("REST pages do not end")
	return nil
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func ids(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["id"].(string)
	}
	return out
}

func TestGraphQLListsWhatRESTLists(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := tenant.New(), tenant.New()
	evsA := e.seed(t, a, 14)
	evsB := e.seed(t, b, 6) // the same subjects, types and actors as A's
	cases := []struct {
		name string
		f    filter
	}{
		{"everything", filter{}},
		{"by subject", filter{subject: "po-1"}},
		{"by type", filter{typ: orderCancelled}},
		{"by actor", filter{actor: "user-2"}},
		{"by event time, from inclusive and to exclusive", filter{from: seedStart.Add(3 * time.Minute), to: seedStart.Add(9 * time.Minute)}},
		{"all filters at once", filter{subject: "po-1", typ: orderPlaced, actor: "user-1", from: seedStart.Add(time.Minute)}},
		{"nothing matches", filter{subject: "no-such-order"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, side := range []struct {
				tid tenant.ID
				evs []events.Event
			}{{a, evsA}, {b, evsB}} {
				c := e.caller(t, side.tid, audit.PermEventRead)
				got, rest := c.gqlPages(tc.f, 3), c.restPages(tc.f, 3)
				want := tc.f.want(side.evs)
				if !reflect.DeepEqual(ids(got), want) && !(len(got) == 0 && len(want) == 0) {
					t.Fatalf("GraphQL listed %v, want %v newest first", ids(got), want)
				}
				if !reflect.DeepEqual(got, rest) {
					t.Fatalf("GraphQL and REST differ:\n graphql %v\n rest    %v", got, rest)
				}
			}
		})
	}
	t.Run("an edge's cursor continues after that edge", func(t *testing.T) {
		c := e.caller(t, a, audit.PermEventRead)
		first := c.gql(listQuery, filter{}.vars(4, ""))
		var conn connection
		if err := json.Unmarshal(first.Data["auditEvents"], &conn); err != nil || len(conn.Edges) != 4 {
			t.Fatalf("first page: %s %+v", first.Data["auditEvents"], first.Errors)
		}
		next := c.gql(listQuery, filter{}.vars(2, conn.Edges[1].Cursor))
		var cont connection
		_ = json.Unmarshal(next.Data["auditEvents"], &cont)
		want := filter{}.want(evsA)[2:4]
		if len(cont.Edges) != 2 || cont.Edges[0].Node["id"] != want[0] || cont.Edges[1].Node["id"] != want[1] {
			t.Fatalf("after the second edge: %s, want %v", next.Data["auditEvents"], want)
		}
	})
	t.Run("data and hashes are the entry's", func(t *testing.T) {
		c := e.caller(t, a, audit.PermEventRead)
		got := c.gqlPages(filter{}, 50)
		oldest := got[len(got)-1]
		data, _ := json.Marshal(oldest["data"])
		if oldest["seq"] != 1.0 || oldest["id"] != evsA[0].ID || oldest["time"] != "2026-03-01T09:00:00Z" ||
			string(data) != `{"amount":"1250.50","lines":[{"sku":"ROD-10"}],"n":1}` || oldest["requestId"] != "req-0" {
			t.Fatalf("oldest entry: %v", oldest)
		}
		for i := 0; i+1 < len(got); i++ {
			if got[i]["prevHash"] != got[i+1]["hash"] || len(got[i]["hash"].(string)) != 64 {
				t.Fatalf("entry %v does not follow %v", got[i]["seq"], got[i+1]["seq"])
			}
		}
	})
}

func TestGraphQLRefusesWithTheArgumentNamed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	e.seed(t, tid, 3)
	withRead := e.caller(t, tid, audit.PermEventRead)
	foreign := base64.RawURLEncoding.EncodeToString([]byte("seq:abc"))
	cases := []struct {
		name  string
		c     *caller
		query string
		vars  map[string]any
		code  string
		field string
	}{
		{"without audit.event.read", e.caller(t, tid, audit.PermChainVerify), `{ auditEvents { edges { cursor } } }`, nil,
			"PERMISSION_DENIED", ""},
		{"verify without audit.chain.verify", withRead, `mutation { verifyAuditChain { ok } }`, nil, "PERMISSION_DENIED", ""},
		{"a cursor that is not base64", withRead, `{ auditEvents(after: "nonsense!") { edges { cursor } } }`, nil,
			"INVALID_ARGUMENT", "after"},
		{"a cursor this API did not return", withRead, `query($a: String) { auditEvents(after: $a) { edges { cursor } } }`,
			map[string]any{"a": foreign}, "INVALID_ARGUMENT", "after"},
		{"from that is not a time", withRead, `{ auditEvents(from: "yesterday") { edges { cursor } } }`, nil,
			"INVALID_ARGUMENT", "from"},
		{"to that is not a time, as a variable", withRead, `query($to: Time) { auditEvents(to: $to) { edges { cursor } } }`,
			map[string]any{"to": "2026-13-01T00:00:00Z"}, "INVALID_ARGUMENT", "to"},
		{"a time range that ends before it starts", withRead,
			`{ auditEvents(from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z") { edges { cursor } } }`, nil,
			"INVALID_ARGUMENT", "to"},
		{"an empty time range", withRead,
			`{ auditEvents(from: "2026-03-01T00:00:00Z", to: "2026-03-01T00:00:00Z") { edges { cursor } } }`, nil,
			"INVALID_ARGUMENT", "to"},
		{"fromDate that is not a date", withRead, `{ auditEvents(fromDate: "31/03/2026") { edges { cursor } } }`, nil,
			"INVALID_ARGUMENT", "fromDate"},
		{"toDate beside to", withRead, `{ auditEvents(to: "2026-03-01T00:00:00Z", toDate: "2026-03-01") { edges { cursor } } }`, nil,
			"INVALID_ARGUMENT", "toDate"},
		{"first of 0", withRead, `{ auditEvents(first: 0) { edges { cursor } } }`, nil, "INVALID_ARGUMENT", "first"},
		{"first above the maximum", withRead, `{ auditEvents(first: 501) { edges { cursor } } }`, nil, "INVALID_ARGUMENT", "first"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.c.gql(tc.query, tc.vars)
			if len(a.Errors) != 1 || a.Errors[0].Code() != tc.code {
				t.Fatalf("errors %+v, want one %s", a.Errors, tc.code)
			}
			for _, d := range a.Data {
				if string(d) != "null" {
					t.Fatalf("data %s beside the error", d)
				}
			}
			if tc.field == "" {
				return
			}
			fields := a.Errors[0].Fields()
			if len(fields) != 1 || fields[0] != tc.field || !strings.HasPrefix(a.Errors[0].Message, tc.field+":") {
				t.Fatalf("error %+v, want it to name %s", a.Errors[0], tc.field)
			}
		})
	}
}

func TestGraphQLVerifyAuditChain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := tenant.New(), tenant.New()
	evs := e.seed(t, a, 5)
	e.seed(t, b, 2)
	const verify = `mutation { verifyAuditChain { tenantId ok entries firstBroken { seq eventId reason } } }`
	c := e.caller(t, a, audit.PermChainVerify)
	if got := c.gql(verify, nil); len(got.Errors) > 0 ||
		string(got.Data["verifyAuditChain"]) != fmt.Sprintf(`{"tenantId":"%s","ok":true,"entries":5,"firstBroken":null}`, a) {
		t.Fatalf("intact chain: %s %+v", got.Data["verifyAuditChain"], got.Errors)
	}
	// An administrator edits A's entry 3 with the append-only trigger off.
	_, err := e.db.Admin.Exec(context.Background(), fmt.Sprintf(`begin;
		set local session_replication_role = replica;
		update audit.entries set data = '{"n": 300}' where tenant_id = '%s' and seq = 3;
		commit;`, a))
	if err != nil {
		t.Fatal(err)
	}
	got := c.gql(verify, nil)
	var res struct{ VerifyAuditChain audit.VerifyJSON }
	raw, _ := json.Marshal(got.Data)
	if err := json.Unmarshal(raw, &res); err != nil || len(got.Errors) > 0 {
		t.Fatalf("verify: %s %+v", raw, got.Errors)
	}
	v := res.VerifyAuditChain
	if v.OK || v.FirstBroken == nil || v.FirstBroken.Seq != 3 || v.FirstBroken.EventID != evs[2].ID {
		t.Fatalf("after editing entry 3: %s, want entry 3 named", raw)
	}
	// B's chain is B's own, and intact.
	if got := e.caller(t, b, audit.PermChainVerify).gql(verify, nil); !strings.Contains(string(got.Data["verifyAuditChain"]),
		fmt.Sprintf(`{"tenantId":"%s","ok":true,"entries":2,`, b)) {
		t.Fatalf("B's chain: %s %+v", got.Data["verifyAuditChain"], got.Errors)
	}
	// Each verification is recorded, as the REST one is.
	var n int
	if err := e.db.Admin.QueryRow(context.Background(), "select count(*) from audit.outbox where tenant_id = $1 and type = $2",
		a.UUID(), audit.EventChainVerified).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d verifications of A recorded (%v), want 2", n, err)
	}
}

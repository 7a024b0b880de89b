package finance_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/finance/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

const subgraph = "/graphql/finance"

// graphKeys authenticates the subgraph tests' callers by API key.
type graphKeys map[string]*authz.Principal

func (k graphKeys) VerifyAPIKey(_ context.Context, key string) (*authz.Principal, error) {
	if p, ok := k[key]; ok {
		return p, nil
	}
	return nil, errs.E(errs.Unauthenticated, "unknown API key")
}

type graphTenants struct{}

func (graphTenants) Active(context.Context, tenant.ID) (bool, error) { return true, nil }

// graphServer is the subgraph behind the real authentication middleware.
type graphServer struct {
	*httptest.Server
	keys graphKeys
}

func serveGraph(tb testing.TB, f *fixture) *graphServer {
	tb.Helper()
	mux := http.NewServeMux()
	mux.Handle("POST "+subgraph, graph.Handler(f.svc, graphqlx.Options{}))
	s := &graphServer{keys: graphKeys{}}
	auth := authn.Middleware(authn.Config{APIKeys: s.keys, Tenants: graphTenants{}, Optional: []string{"/graphql", "/graphql/"}})
	s.Server = httptest.NewServer(httpx.Chain(mux, httpx.RequestID, auth))
	tb.Cleanup(s.Close)
	return s
}

// client returns a client calling as user of t holding perms.
func (s *graphServer) client(tb testing.TB, t tenant.ID, user string, perms ...string) *apitest.Client {
	key := "vx_" + user + "_" + t.String()
	p := &authz.Principal{UserID: user, Tenant: t, Permissions: map[string]bool{}, APIKey: true}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	s.keys[key] = p
	return apitest.New(tb, s.URL, s.Client()).WithToken(key)
}

// accountant is a client of t holding every finance permission.
func (s *graphServer) accountant(tb testing.TB, t tenant.ID) *apitest.Client {
	perms := make([]string, len(finance.Permissions))
	for i, p := range finance.Permissions {
		perms[i] = p.Name
	}
	return s.client(tb, t, "accountant", perms...)
}

// gqlAccount is a ChartOfAccount as the tests read it.
type gqlAccount struct {
	ID, AccountCode, AccountName, AccountType, Currency string
	ParentAccountID                                     *string
	IsActive, IsHeader                                  bool
	Role                                                *string
	Version                                             int
}

const createAccount = `mutation($in: CreateAccountInput!) {
	createAccount(input: $in) { id accountCode accountName accountType parentAccountId isActive isHeader currency version }
}`

// decode unmarshals field of data into v.
func decode(tb testing.TB, data map[string]json.RawMessage, field string, v any) {
	tb.Helper()
	if err := json.Unmarshal(data[field], v); err != nil {
		tb.Fatalf("%s: %s (%v)", field, data[field], err)
	}
}

func TestGraphQLChartOfAccountsUseTheOriginalNames(t *testing.T) {
	f := newFixture(t)
	api := serveGraph(t, f).accountant(t, newTenant(t))
	// The first write seeds the tenant's Bangladesh chart.
	var bank gqlAccount
	in := map[string]any{"accountCode": "1999", "accountName": "Petty cash, site office", "accountType": "ASSET"}
	decode(t, api.GraphQL(subgraph, createAccount, map[string]any{"in": in}).Data(t), "createAccount", &bank)
	if bank.AccountCode != "1999" || bank.AccountType != "ASSET" || !bank.IsActive || bank.Currency != "BDT" || bank.Version != 1 {
		t.Fatalf("created: %+v", bank)
	}
	var assets []gqlAccount
	data := api.GraphQL(subgraph, `{ chartOfAccounts(accountType: ASSET, isActive: true) { id accountCode accountType role } }`, nil).Data(t)
	decode(t, data, "chartOfAccounts", &assets)
	if !slices.ContainsFunc(assets, func(a gqlAccount) bool { return a.Role != nil && *a.Role == "bank" }) ||
		slices.ContainsFunc(assets, func(a gqlAccount) bool { return a.AccountType != "ASSET" }) {
		t.Fatalf("active assets: %s", data["chartOfAccounts"])
	}

	var chart []gqlAccount
	data = api.GraphQL(subgraph, `{ chartOfAccounts { id accountCode accountType isActive } }`, nil).Data(t)
	decode(t, data, "chartOfAccounts", &chart)
	if len(chart) < 10 || !slices.IsSortedFunc(chart, func(a, b gqlAccount) int { return strings.Compare(a.AccountCode, b.AccountCode) }) {
		t.Fatalf("chart (%d accounts) not in code order: %s", len(chart), data["chartOfAccounts"])
	}
	var revenue []gqlAccount
	decode(t, api.GraphQL(subgraph, `{ chartOfAccounts(accountType: REVENUE) { accountType } }`, nil).Data(t), "chartOfAccounts", &revenue)
	if len(revenue) == 0 || slices.ContainsFunc(revenue, func(a gqlAccount) bool { return a.AccountType != "REVENUE" }) {
		t.Fatalf("revenue accounts: %+v", revenue)
	}

	var byCode, byID gqlAccount
	decode(t, api.GraphQL(subgraph, `{ accountByCode(accountCode: "1999") { id accountName } }`, nil).Data(t), "accountByCode", &byCode)
	const one = `query($id: ID!) { chartOfAccount(id: $id) { id accountCode } }`
	decode(t, api.GraphQL(subgraph, one, map[string]any{"id": bank.ID}).Data(t), "chartOfAccount", &byID)
	if byCode.ID != bank.ID || byID.AccountCode != "1999" {
		t.Fatalf("by code %+v, by id %+v", byCode, byID)
	}

	// The tree: the new account sits under the cash account's parent.
	var cash gqlAccount
	decode(t, api.GraphQL(subgraph, `{ accountByCode(accountCode: "1110") { id parentAccountId } }`, nil).Data(t), "accountByCode", &cash)
	const move = `mutation($id: ID!, $parent: ID!) { updateAccount(id: $id, input: {parentAccountId: $parent}, expectedVersion: 1) { version } }`
	api.GraphQL(subgraph, move, map[string]any{"id": bank.ID, "parent": *cash.ParentAccountID}).Data(t)
	const tree = `query($id: ID!) { chartOfAccount(id: $id) { parentAccount { id isHeader children { accountCode parentAccountId } } } }`
	var node struct {
		ParentAccount struct {
			ID       string
			IsHeader bool
			Children []gqlAccount
		}
	}
	decode(t, api.GraphQL(subgraph, tree, map[string]any{"id": bank.ID}).Data(t), "chartOfAccount", &node)
	if node.ParentAccount.ID != *cash.ParentAccountID || !node.ParentAccount.IsHeader ||
		!slices.ContainsFunc(node.ParentAccount.Children, func(a gqlAccount) bool { return a.AccountCode == "1999" }) ||
		!slices.ContainsFunc(node.ParentAccount.Children, func(a gqlAccount) bool { return a.AccountCode == "1110" }) {
		t.Fatalf("the tree around 1999: %+v", node)
	}

	const deactivate = `mutation($id: ID!) { deactivateAccount(id: $id, reason: "site closed", expectedVersion: 2) { isActive version } }`
	var off gqlAccount
	decode(t, api.GraphQL(subgraph, deactivate, map[string]any{"id": bank.ID}).Data(t), "deactivateAccount", &off)
	if off.IsActive || off.Version != 3 {
		t.Fatalf("deactivated: %+v", off)
	}
	if code, _ := api.GraphQL(subgraph, deactivate, map[string]any{"id": bank.ID}).FirstError(); code != "CONFLICT" {
		t.Fatalf("a stale deactivation: %s", code)
	}
}

func TestGraphQLBadAccountNamesTheInputFieldsAndChangesNothing(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	api := serveGraph(t, f).accountant(t, tid)
	in := map[string]any{"accountCode": "-x", "accountName": " ", "accountType": "LIABILITY", "control": "receivable",
		"parentAccountId": "not-a-uuid", "currency": "USD"}
	errors := api.GraphQL(subgraph, createAccount, map[string]any{"in": in}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" {
		t.Fatalf("errors: %+v", errors)
	}
	if got := errors[0].Fields(); !slices.Equal(got, []string{"input.parentAccountId", "input.currency"}) {
		t.Fatalf("edge fields: %v", got)
	}
	delete(in, "parentAccountId")
	delete(in, "currency")
	errors = api.GraphQL(subgraph, createAccount, map[string]any{"in": in}).GraphQLErrors()
	if len(errors) != 1 || errors[0].Code() != "INVALID_ARGUMENT" {
		t.Fatalf("errors: %+v", errors)
	}
	for _, w := range []string{"input.accountCode", "input.accountName", "input.control"} {
		if !slices.Contains(errors[0].Fields(), w) {
			t.Errorf("%s not named in %v", w, errors[0].Fields())
		}
	}
	if code, _ := api.GraphQL(subgraph, `{ chartOfAccounts(accountType: PROFIT) { id } }`, nil).FirstError(); code != "INVALID_ARGUMENT" {
		t.Fatalf("an unknown account type: %s", code)
	}
	all, err := f.svc.ListAccounts(accountant(tid))
	if err != nil || slices.ContainsFunc(all, func(a finance.Account) bool { return a.Code == "-x" }) {
		t.Fatalf("accounts after refusals: %d (%v)", len(all), err)
	}
}

func TestGraphQLTenantsSeeOnlyTheirOwnLedger(t *testing.T) {
	f := newFixture(t)
	srv := serveGraph(t, f)
	a, b := newTenant(t), newTenant(t)
	apiA, apiB := srv.accountant(t, a), srv.accountant(t, b)
	var mine gqlAccount
	in := map[string]any{"accountCode": "1998", "accountName": "A's bKash agent float", "accountType": "ASSET"}
	decode(t, apiA.GraphQL(subgraph, createAccount, map[string]any{"in": in}).Data(t), "createAccount", &mine)

	vars := map[string]any{"id": mine.ID}
	for name, q := range map[string]string{
		"read by id":    `query($id: ID!) { chartOfAccount(id: $id) { id } }`,
		"update":        `mutation($id: ID!) { updateAccount(id: $id, input: {accountName: "B's now"}) { id } }`,
		"deactivate":    `mutation($id: ID!) { deactivateAccount(id: $id) { id } }`,
		"delete":        `mutation($id: ID!) { deleteAccount(id: $id) }`,
		"federated key": `query($id: ID!) { _entities(representations: [{__typename: "ChartOfAccount", id: $id}]) { ... on ChartOfAccount { id } } }`,
	} {
		if code, _ := apiB.GraphQL(subgraph, q, vars).FirstError(); code != "NOT_FOUND" {
			t.Errorf("B's %s of A's account: %s", name, code)
		}
	}
	if code, _ := apiB.GraphQL(subgraph, `{ accountByCode(accountCode: "1998") { id } }`, nil).FirstError(); code != "NOT_FOUND" {
		t.Errorf("B finds A's code: %s", code)
	}
	var chart []gqlAccount
	decode(t, apiB.GraphQL(subgraph, `{ chartOfAccounts { id } }`, nil).Data(t), "chartOfAccounts", &chart)
	if slices.ContainsFunc(chart, func(x gqlAccount) bool { return x.ID == mine.ID }) {
		t.Fatal("B's chart lists A's account")
	}
	if got, err := f.svc.Account(accountant(a), uuid.MustParse(mine.ID)); err != nil || got.Name != "A's bKash agent float" || !got.Active {
		t.Fatalf("A's account after B's attempts: %+v (%v)", got, err)
	}

	reader := srv.client(t, a, "clerk", finance.PermAccountRead)
	if code, _ := reader.GraphQL(subgraph, createAccount, map[string]any{"in": in}).FirstError(); code != "PERMISSION_DENIED" {
		t.Fatalf("a reader creates an account: %s", code)
	}
	if code, _ := apitest.New(t, srv.URL, srv.Client()).GraphQL(subgraph, `{ chartOfAccounts { id } }`, nil).FirstError(); code != "UNAUTHENTICATED" {
		t.Fatalf("anonymous chart: %s", code)
	}
}

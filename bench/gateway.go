package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
)

// gatewayScenarios measure the gateway: a federated query whose customers
// come from masterdata and whose createdBy users come from auth (one
// batched _entities fetch), beside the same page asked of the masterdata
// subgraph directly on the internal listener; and a REST read through the
// edge policy, beside a bare net/http handler.
func gatewayScenarios(sys *inProcess) []load.Scenario {
	return []load.Scenario{
		{
			Name:        "graphql",
			Description: "POST /graphql: 10 customers with createdBy { name } from auth, beside POST /graphql/masterdata directly on the internal listener",
			Setup:       graphqlSetup(sys, false, "/graphql", graphqlQuery),
			Baseline:    graphqlSetup(sys, true, "/graphql/masterdata", `{ customers(first: 10) { edges { node { id name createdBy { id } } } } }`),
		},
		{
			Name:        "rest",
			Description: "GET /api/v1/masterdata/customers/{id} through the edge policy, beside a bare net/http handler",
			Setup:       func(ctx context.Context, env *load.Env) (load.Target, error) { return restSetup(ctx, env, sys) },
			Baseline:    load.BareHTTP("/api/v1/masterdata/customers/x"),
		},
	}
}

// graphqlQuery is the graphql scenario's federated page: customers from
// masterdata, their createdBy users from auth.
const graphqlQuery = `{ customers(first: 10) { edges { node { id name createdBy { id name } } } } }`

// seededCustomers logs in as the dev admin and imports the masterdata
// bench customers (idempotent), returning the token and their ids.
func seededCustomers(ctx context.Context, env *load.Env, sys *inProcess) (base, token string, ids []string, err error) {
	if base, err = env.SystemURL(ctx); err != nil {
		return "", "", nil, err
	}
	if err = load.WaitReady(ctx, env.Client, base+"/readyz", 2*time.Minute); err != nil {
		return "", "", nil, fmt.Errorf("system not ready: %w", err)
	}
	if token, _, err = benchLogin(ctx, env.Client, base); err != nil {
		return "", "", nil, err
	}
	md := &masterdataTarget{client: env.Client, base: base + "/api/v1/masterdata/customers", token: token, internal: sys.internalURL()}
	if err = md.seed(ctx); err != nil {
		return "", "", nil, err
	}
	return base, token, md.ids, nil
}

// graphqlSetup posts query to path on the public listener, or on the
// internal one (subgraphs are served only there).
func graphqlSetup(sys *inProcess, internal bool, path, query string) load.SetupFunc {
	return func(ctx context.Context, env *load.Env) (load.Target, error) {
		base, token, _, err := seededCustomers(ctx, env, sys)
		if err != nil {
			return nil, err
		}
		tokens, err := benchCallers(ctx, env.Client, base, token)
		if err != nil {
			return nil, err
		}
		target := base
		if internal {
			target = sys.internalURL()
		}
		body, _ := json.Marshal(map[string]string{"query": query})
		t := &authedCall{api: &apiClient{client: env.Client, base: target}, method: http.MethodPost, path: path, tokens: tokens, body: body, graphql: true}
		return t, t.Do(ctx, nil)
	}
}

func restSetup(ctx context.Context, env *load.Env, sys *inProcess) (load.Target, error) {
	base, token, ids, err := seededCustomers(ctx, env, sys)
	if err != nil {
		return nil, err
	}
	tokens, err := benchCallers(ctx, env.Client, base, token)
	if err != nil {
		return nil, err
	}
	t := &authedCall{api: &apiClient{client: env.Client, base: base}, method: http.MethodGet, path: "/api/v1/masterdata/customers/" + ids[0], tokens: tokens}
	return t, t.Do(ctx, nil)
}

// callers is how many users the gateway scenarios spread their virtual
// users over. One shared token would let the engine answer identical
// concurrent requests of one caller from one set of subgraph fetches;
// with 50 callers at 1,000 virtual users, one caller rarely has two
// requests in flight at once.
const callers = 50

// benchCallers invites callers viewers into the dev tenant (idempotent by
// email: a rerun on the same system reuses them), sets their passwords and
// logs each in, returning their access tokens.
func benchCallers(ctx context.Context, client *http.Client, base, admin string) ([]string, error) {
	api := &apiClient{client: client, base: base, token: admin}
	tokens := make([]string, callers)
	const password = "bench-Caller-Password-2026"
	for i := range tokens {
		email := fmt.Sprintf("bench-caller-%02d@demo.local", i)
		var inv struct {
			InviteToken string `json:"inviteToken"`
		}
		body := fmt.Sprintf(`{"email":%q,"name":"Bench caller %d","roles":["viewer"]}`, email, i)
		if err := api.call(ctx, http.MethodPost, "/api/v1/auth/invites", body, &inv); err == nil {
			accept := fmt.Sprintf(`{"token":%q,"password":%q}`, inv.InviteToken, password)
			if err := api.call(ctx, http.MethodPost, "/api/v1/auth/invites/accept", accept, nil); err != nil {
				return nil, fmt.Errorf("accept invite of %s: %w", email, err)
			}
		} else if se, ok := err.(*statusError); !ok || se.status != http.StatusConflict {
			return nil, fmt.Errorf("invite %s: %w", email, err)
		}
		var out struct {
			AccessToken string `json:"accessToken"`
		}
		login := fmt.Sprintf(`{"tenant":%q,"email":%q,"password":%q}`, app.DevTenant, email, password)
		if err := api.call(ctx, http.MethodPost, "/api/v1/auth/login", login, &out); err != nil {
			return nil, fmt.Errorf("login %s: %w", email, err)
		}
		tokens[i] = out.AccessToken
	}
	return tokens, nil
}

// authedCall sends one request with its virtual user's caller token and
// wants a 2xx (and, for GraphQL, no errors).
type authedCall struct {
	api          *apiClient
	method, path string
	tokens       []string
	body         []byte
	graphql      bool
}

func (c *authedCall) Do(ctx context.Context, vu *load.VirtualUser) error {
	token := c.tokens[0]
	if vu != nil {
		token = c.tokens[vu.ID%len(c.tokens)]
	}
	b, err := c.api.send(ctx, c.method, c.path, "application/json", c.body, token)
	if err != nil {
		return fmt.Errorf("%s: %w", c.path, err)
	}
	if c.graphql && bytes.Contains(b, []byte(`"errors"`)) {
		return fmt.Errorf("%s: %.300s", c.path, b)
	}
	return nil
}

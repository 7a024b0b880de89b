package mixed

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
)

// staff is an account the workload signs in as.
type staff struct {
	email, password string
	role            *role
}

// user is one virtual user's state: its session and the documents it
// entered and still has work on. It belongs to the goroutine driving
// the user.
type user struct {
	staff staff
	rng   *rand.Rand
	token string
	// refresh renews the session when token expires.
	refresh string
	// gen is the workload's connection generation the token was taken
	// under; after a Reconnect the user signs in again.
	gen uint64

	customers []string   // customers this user created, to edit
	invoices  []document // sales invoices and purchase bills submitted and not yet paid
	orders    []document // purchase orders submitted and not yet received
	received  []document // purchase orders received and not yet billed
	decided   map[string]bool
}

// document is a submitted invoice or order the user comes back to.
type document struct {
	id, party string
	approved  bool
	bill      bool   // a purchase bill (paid by disbursement), not a sales invoice
	product   string // an order's product
	quantity  string // an order's quantity
	payable   money  // an invoice's payable amount
}

// money is the APIs' exact amount.
type money struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// pending is how many documents a user keeps coming back to; beyond it
// the oldest is left to the system (it stays waiting, correctly).
const pending = 50

func keep(list []document, d document) []document {
	list = append(list, d)
	if len(list) > pending {
		list = list[1:]
	}
	return list
}

// signIn takes a new session for u on the system w points at now.
func (u *user) signIn(ctx context.Context, w *Workload) error {
	gen := w.gen.Load()
	p, err := login(ctx, w.client, w.url(), w.opts.Tenant, u.staff.email, u.staff.password)
	if err != nil {
		return err
	}
	u.token, u.refresh, u.gen = p.Access, p.Refresh, gen
	return nil
}

// renew answers a 401 as a client does: the session's refresh token buys
// a new access token (the access token lives 15 minutes, and staff do
// not type their password again each time), and only when that is
// refused (a restarted system, a revoked session) does u sign in again.
// Signing in again hashes the password (argon2id): had every user done
// so, the tokens taken together at the start would expire together and
// the system would spend a minute hashing.
func (u *user) renew(ctx context.Context, w *Workload) error {
	if u.refresh != "" && u.gen == w.gen.Load() {
		if p, err := refresh(ctx, w.client, w.url(), u.refresh); err == nil {
			u.token, u.refresh = p.Access, p.Refresh
			return nil
		}
	}
	return u.signIn(ctx, w)
}

// call sends r as u, signing in first when u has no session on the
// current system, and again once on a 401 (an expired token, or a
// restarted system that lost its sessions).
func (w *Workload) call(ctx context.Context, u *user, r request, out any) (http.Header, error) {
	if u.token == "" || u.gen != w.gen.Load() {
		if err := u.signIn(ctx, w); err != nil {
			return nil, err
		}
	}
	b, h, err := send(ctx, w.client, w.url(), u.token, r)
	if IsStatus(err, http.StatusUnauthorized) {
		if err := u.renew(ctx, w); err != nil {
			return nil, err
		}
		b, h, err = send(ctx, w.client, w.url(), u.token, r)
	}
	if err != nil || out == nil {
		return h, err
	}
	if err := json.Unmarshal(b, out); err != nil {
		return h, &StatusError{Status: http.StatusOK, Body: "unreadable answer: " + string(b)}
	}
	return h, nil
}

// graphql posts query to the gateway as u and decodes data into out; an
// answer with errors is a failure.
func (w *Workload) graphql(ctx context.Context, u *user, query string, out any) error {
	var a graphqlAnswer
	r := request{method: http.MethodPost, path: "/graphql", body: map[string]string{"query": query}}
	if _, err := w.call(ctx, u, r, &a); err != nil {
		return err
	}
	err := a.err()
	if IsStatus(err, http.StatusUnauthorized) {
		if err := u.renew(ctx, w); err != nil {
			return err
		}
		a = graphqlAnswer{}
		if _, err := w.call(ctx, u, r, &a); err != nil {
			return err
		}
		err = a.err()
	}
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal(a.Data, out)
}

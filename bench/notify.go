package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/notify/mailbox"
)

// notifyScenario measures event → email: an administrator issues a
// password reset (POST /api/v1/auth/users/{id}/password-reset), auth
// commits the token with its sealed event, the relay publishes it, the
// notify consumer queues the delivery and wakes its runner, which renders
// the Bangla message and sends it over SMTP to dev's in-process server;
// the action ends when the mailbox holds the mail carrying the new
// token. The baseline is the same POST alone. The target is p95
// ≤ 200 ms at 50 events/s:
//
//	go run ./bench notify -rate 50 -users 50 -duration 30s
func notifyScenario(sys *inProcess) load.Scenario {
	return load.Scenario{
		Name:        "notify",
		Description: "password reset issued → its email in dev's mailbox (outbox, Kafka, consumer, runner, SMTP), beside the POST alone",
		Setup: func(ctx context.Context, env *load.Env) (load.Target, error) {
			return setupNotify(ctx, env, sys, true)
		},
		Baseline: func(ctx context.Context, env *load.Env) (load.Target, error) {
			return setupNotify(ctx, env, sys, false)
		},
	}
}

type notifyTarget struct {
	api  *apiClient
	box  *mailbox.Box
	user string
	wait bool

	mu        sync.Mutex
	delivered *load.Histogram // POST answered → mail in the box
}

func setupNotify(ctx context.Context, env *load.Env, sys *inProcess, wait bool) (load.Target, error) {
	api, _, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	if sys.main == nil || sys.main.App.Mailbox() == nil {
		return nil, errors.New("notify: the scenario reads dev's mailbox, so it needs the system it starts (no -target)")
	}
	t := &notifyTarget{api: api, box: sys.main.App.Mailbox(), wait: wait, delivered: &load.Histogram{}}
	body, _ := json.Marshal(map[string]any{"email": fmt.Sprintf("bench-%d@demo.local", time.Now().UnixNano()),
		"name": "বেঞ্চ ব্যবহারকারী", "locale": "bn", "roles": []string{"viewer"}})
	var invite struct {
		User struct{ ID string } `json:"user"`
	}
	if err := api.call(ctx, http.MethodPost, "/api/v1/auth/invites", string(body), &invite); err != nil {
		return nil, fmt.Errorf("invite the bench user: %w", err)
	}
	t.user = invite.User.ID
	if wait {
		env.Defer(func() error { t.report(os.Stdout); return nil })
	}
	return t, t.Do(ctx, nil)
}

// Do issues one reset and, in the scenario, waits for its email.
func (t *notifyTarget) Do(ctx context.Context, _ *load.VirtualUser) error {
	var reset struct {
		ResetToken string `json:"resetToken"`
	}
	if err := t.api.call(ctx, http.MethodPost, "/api/v1/auth/users/"+t.user+"/password-reset", "", &reset); err != nil {
		return err
	}
	if !t.wait {
		return nil
	}
	issued := time.Now()
	// The link carries the token query-escaped; bench tokens need none.
	if _, err := t.box.Wait(ctx, func(m mailbox.Mail) bool { return strings.Contains(m.Text, reset.ResetToken) }); err != nil {
		return fmt.Errorf("the reset email: %w", err)
	}
	t.mu.Lock()
	t.delivered.RecordDuration(time.Since(issued))
	t.mu.Unlock()
	return nil
}

// report prints reset committed → email in the mailbox over the run.
func (t *notifyTarget) report(w io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := t.delivered
	fmt.Fprintf(w, "reset issued → email in the mailbox (warm-up included): n=%d p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms\n",
		h.Count(), mdMillis(h.QuantileDuration(0.50)), mdMillis(h.QuantileDuration(0.95)), mdMillis(h.QuantileDuration(0.99)),
		mdMillis(time.Duration(h.Max())))
}

package authclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/authclient"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// A process that starts after a session was revoked refuses its tokens
// before it serves anything: the listener replays the last access-token
// lifetime of auth's events before Start returns. Later revocations
// arrive as they are published; other sessions stay valid.
func TestListenerReplaysRevokedSessionsBeforeStarting(t *testing.T) {
	broker := kafkatest.New(t)
	ctx := context.Background()
	cl := kafkatest.Client(t, broker)
	if _, err := kadm.NewClient(cl).CreateTopic(ctx, 3, 1, nil, events.Topic(auth.Schema.Name)); err != nil {
		t.Fatal(err)
	}
	id := tenant.New()
	before, after, other := uuid.NewString(), uuid.NewString(), uuid.NewString()
	if err := cl.ProduceSync(ctx, authEvent(auth.EventSessionRevoked, id, before)).FirstErr(); err != nil {
		t.Fatal(err)
	}

	revoked := authn.NewRevokedSessions(15*time.Minute, nil)
	l := authclient.NewListener(authclient.ListenerDeps{Kafka: broker.Config(), Revoke: revoked.Revoke, Replay: 15 * time.Minute})
	if err := l.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Stop(context.Background()) })
	if !revoked.Revoked(before) {
		t.Fatal("a session revoked before the start is accepted once the process has started")
	}

	if err := cl.ProduceSync(ctx, authEvent(auth.EventSessionRevoked, id, after)).FirstErr(); err != nil {
		t.Fatal(err)
	}
	testwait.For(t, 15*time.Second, "the later revocation", func() bool { return revoked.Revoked(after) })
	if revoked.Revoked(other) {
		t.Fatal("a session nobody revoked is refused")
	}
}

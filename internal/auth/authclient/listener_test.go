package authclient_test

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/authclient"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// authEvent is an event of auth about subject, in tenant id; a tenant
// event's subject is the tenant.
func authEvent(typ string, id tenant.ID, subject string) *kgo.Record {
	return events.Record(events.Topic(auth.Schema.Name), events.Event{ID: uuid.Must(uuid.NewV7()).String(), Source: "auth",
		Type: typ, Subject: subject, Time: time.Now(), Tenant: id, Data: []byte(`{"tenantId":"` + id.String() + `"}`)})
}

// TestListenerForgetsSuspendedAndReactivatedTenants starts the listener
// before auth's topic exists, as a service may start before auth ever
// published, and checks every process sees the events that follow: the
// tenants' status and the changed entities are forgotten, nothing else.
func TestListenerForgetsSuspendedAndReactivatedTenants(t *testing.T) {
	broker := kafkatest.New(t)
	var mu sync.Mutex
	forgotten := map[tenant.ID]int{}
	entities := map[string]int{}
	l := authclient.NewListener(authclient.ListenerDeps{Kafka: broker.Config(), Forget: func(id tenant.ID) {
		mu.Lock()
		forgotten[id]++
		mu.Unlock()
	}, ForgetEntity: func(id string) {
		mu.Lock()
		entities[id]++
		mu.Unlock()
	}})
	ctx := context.Background()
	if err := l.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Stop(context.Background()) })

	cl := kafkatest.Client(t, broker)
	topic := events.Topic(auth.Schema.Name)
	if _, err := kadm.NewClient(cl).CreateTopic(ctx, 3, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	suspended, reactivated := tenant.New(), tenant.New()
	promoted, activated, loggedIn := uuid.NewString(), uuid.NewString(), uuid.NewString()
	// The created event shares the suspended tenant's key, so partition:
	// were it acted on too, that tenant would be forgotten twice.
	recs := []*kgo.Record{
		authEvent(auth.EventTenantCreated, suspended, suspended.String()),
		{Topic: topic, Value: []byte("not an event")},
		authEvent(auth.EventLoginSucceeded, reactivated, loggedIn),
		authEvent(auth.EventRoleAssigned, reactivated, promoted),
		authEvent(auth.EventPasswordSet, reactivated, activated),
		authEvent(auth.EventTenantSuspended, suspended, suspended.String()),
		authEvent(auth.EventTenantReactivated, reactivated, reactivated.String()),
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	testwait.For(t, 15*time.Second, "both tenants and four entities forgotten", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return forgotten[suspended] == 1 && forgotten[reactivated] == 1 && len(entities) >= 4
	})
	mu.Lock()
	defer mu.Unlock()
	if len(forgotten) != 2 || forgotten[suspended] != 1 {
		t.Fatalf("forgot tenants of other events: %v", forgotten)
	}
	want := map[string]int{suspended.String(): 1, reactivated.String(): 1, promoted: 1, activated: 1}
	if !maps.Equal(entities, want) {
		t.Fatalf("forgot entities %v, want the suspended and reactivated tenants, the promoted and the activated user once each", entities)
	}
	select {
	case <-l.Failed():
		t.Fatalf("listener failed: %v", l.Err())
	default:
	}
}

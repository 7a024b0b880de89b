// Package webhook is the notify service's per-tenant webhooks: a tenant
// registers HTTPS endpoints with the event types they want; a consumer of
// every service's events records, in the event's tenant transaction, one
// delivery per matching endpoint; a runner posts each delivery signed
// with HMAC-SHA256 over timestamp and body, retries failures with
// exponential backoff and jitter, and dead-letters what still fails, which
// can then be re-sent.
//
// docs/notify.md, section "Webhooks", describes the headers, the
// signature scheme with a verification snippet, and the retry schedule.
package webhook

import (
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/db"
)

// The permissions of the webhook API, declared (and registered) by
// notify.
const (
	PermRead  = notify.PermWebhookRead
	PermWrite = notify.PermWebhookWrite
)

// Group is the consumer group (and inbox name) of the webhook consumer.
const Group = "notify-webhooks"

// DefaultSchedule is the pause after each failed attempt: a delivery is
// tried len(DefaultSchedule)+1 times over about 16 hours, then
// dead-lettered.
var DefaultSchedule = []time.Duration{
	10 * time.Second, time.Minute, 5 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour,
}

// Deps is what the service needs. Only DB is required.
type Deps struct {
	DB     *db.Pool
	Logger *slog.Logger
	// Client posts deliveries; nil is a client that refuses private,
	// loopback and link-local addresses unless AllowInsecure.
	Client *http.Client
	// Now is the clock of signatures and records; nil is time.Now.
	Now func() time.Time

	// Schedule is the pause after each failed attempt (jittered ±20 %);
	// a delivery gets len(Schedule)+1 attempts. nil is DefaultSchedule.
	Schedule []time.Duration
	// Timeout bounds one request to a receiver; 0 is 10 s. A receiver
	// that does not answer within it has failed that attempt.
	Timeout time.Duration
	// PollInterval is how often the runner looks for due deliveries when
	// nothing woke it; 0 is 1 s.
	PollInterval time.Duration
	// Concurrency bounds the requests one runner has in flight; 0 is 8.
	Concurrency int
	// RotationGrace is how long a rotated-out secret still signs; 0 is
	// 24 h.
	RotationGrace time.Duration
	// AllowInsecure accepts http:// URLs and private addresses: `vextrus
	// dev` and tests only, where receivers run on the laptop.
	AllowInsecure bool
	// Metrics, when set, receives the consumer's metrics (unless
	// Consumers is given a registry).
	Metrics prometheus.Registerer
	// DiscoveryInterval is how soon the consumer reads a newly created
	// event topic; 0 is the events package's default (10 s).
	DiscoveryInterval time.Duration
}

// Service is the webhook pipeline and its API.
type Service struct {
	pool   *db.Pool
	log    *slog.Logger
	client *http.Client
	now    func() time.Time
	cfg    Deps
	// wake nudges the runner when this process recorded deliveries.
	wake chan struct{}
	m    *metrics
}

// New returns the service.
func New(d Deps) (*Service, error) {
	if d.DB == nil {
		return nil, errors.New("webhook: DB is required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Schedule == nil {
		d.Schedule = DefaultSchedule
	}
	if d.Timeout <= 0 {
		d.Timeout = 10 * time.Second
	}
	if d.PollInterval <= 0 {
		d.PollInterval = time.Second
	}
	if d.Concurrency <= 0 {
		d.Concurrency = 8
	}
	if d.RotationGrace <= 0 {
		d.RotationGrace = 24 * time.Hour
	}
	client := d.Client
	if client == nil {
		client = newClient(d.AllowInsecure)
	}
	return &Service{pool: d.DB, log: d.Logger.With("component", "webhooks"), client: client, now: d.Now, cfg: d,
		wake: make(chan struct{}, 1), m: newMetrics(d.Metrics)}, nil
}

// Status is an endpoint's state: an active endpoint receives, a paused
// one gets no new deliveries and its pending ones wait.
type Status string

// The endpoint statuses.
const (
	Active Status = "active"
	Paused Status = "paused"
)

// Endpoint is a tenant's webhook receiver.
type Endpoint struct {
	ID          uuid.UUID
	URL         string
	Description string
	EventTypes  []string
	Status      Status
	Version     int
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
}

// DeliveryStatus is where a delivery stands.
type DeliveryStatus string

// The delivery statuses.
const (
	Pending   DeliveryStatus = "pending"
	Delivered DeliveryStatus = "delivered"
	Dead      DeliveryStatus = "dead"
)

// Delivery is one event for one endpoint.
type Delivery struct {
	ID            uuid.UUID
	EndpointID    uuid.UUID
	EventID       uuid.UUID
	EventType     string
	Status        DeliveryStatus
	Attempts      int
	TotalAttempts int
	Resends       int
	NextAttemptAt *time.Time
	LastStatus    *int
	LastError     string
	LastAttemptAt *time.Time
	DeliveredAt   *time.Time
	DeadAt        *time.Time
	CreatedAt     time.Time
}

// pause is the jittered wait after failed attempt n (1-based) of a
// cycle, and false when that was the last attempt.
func (s *Service) pause(n int) (time.Duration, bool) {
	if n > len(s.cfg.Schedule) {
		return 0, false
	}
	d := s.cfg.Schedule[n-1]
	// ±20 %: receivers that failed together are not retried together.
	jitter := time.Duration(rand.Int64N(int64(d)*2/5+1)) - d/5
	return d + jitter, true
}

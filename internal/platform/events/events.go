// Package events is the platform's event backbone (DESIGN §5): the
// CloudEvents envelope on Kafka, the transactional outbox every service
// appends to inside its business transaction, the relay that publishes
// the outbox in commit order per key, and the consumer framework with an
// inbox for exactly-once effects, retries and a dead-letter topic.
//
// docs/events.md describes the guarantees and how a service adds its
// outbox and consumers.
package events

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Event is an event as consumers see it: the CloudEvents envelope and the
// raw JSON payload.
type Event struct {
	// ID is the event's UUIDv7; consumers deduplicate on it.
	ID string
	// Source is the service that emitted it, e.g. "orders".
	Source string
	// Type is `vextrus.<service>.<entity>.<verb>.v1`.
	Type string
	// Subject is the aggregate id, also the Kafka record key.
	Subject string
	// Time is when the change committed its event, in UTC.
	Time time.Time
	// Tenant is the tenant whose change this is (extension `tenantid`).
	Tenant tenant.ID
	// Actor is the user or API key that caused it (extension `actor`), or
	// "" for the system.
	Actor string
	// RequestID is the request that caused it (extension `requestid`).
	RequestID string
	// TraceParent is the W3C trace context of that request.
	TraceParent string
	// Data is the JSON payload, valid against api/events/<Type>.json.
	Data json.RawMessage

	// Topic, Partition and Offset say where a consumer read the event.
	Topic     string
	Partition int32
	Offset    int64
}

// TypePattern is the shape of an event type,
// vextrus.<service>.<entity>.<verb>.v<n>; the second segment is the
// service that emits it. The entity may be left out when it is the
// service's one document (vextrus.settings.changed.v1: a tenant's
// settings are the settings service's aggregate).
var TypePattern = regexp.MustCompile(`^vextrus\.([a-z][a-z0-9_]*)\.(?:([a-z][a-z0-9_]*)\.)?([a-z][a-z0-9_]*)\.v[1-9][0-9]*$`)

var serviceName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Topic is the topic a service's events are published to.
func Topic(service string) string { return "vextrus." + service + ".events" }

// DLQTopic is the dead-letter topic of topic: where consumers put the
// records of topic they could not process.
func DLQTopic(topic string) string { return topic + ".dlq" }

// ServiceTopicPattern matches every service's event topic and no
// dead-letter topic; consumers of all events (audit) subscribe with it.
const ServiceTopicPattern = `^vextrus\.[a-z][a-z0-9_]*\.events$`

func checkService(service string) error {
	if !serviceName.MatchString(service) {
		return fmt.Errorf("events: invalid service name %q", service)
	}
	return nil
}

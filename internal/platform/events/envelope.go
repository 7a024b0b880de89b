package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// The Kafka headers of CloudEvents 1.0 binary content mode, and the
// extensions Vextrus adds.
const (
	HeaderSpecVersion = "ce_specversion"
	HeaderID          = "ce_id"
	HeaderSource      = "ce_source"
	HeaderType        = "ce_type"
	HeaderSubject     = "ce_subject"
	HeaderTime        = "ce_time"
	HeaderTenant      = "ce_tenantid"
	HeaderActor       = "ce_actor"
	HeaderRequestID   = "ce_requestid"
	HeaderTraceParent = "traceparent"
	HeaderContentType = "content-type"

	SpecVersion = "1.0"
	ContentType = "application/json"
)

// ErrMalformed marks a record that is not a Vextrus CloudEvent; consumers
// send such records to the dead-letter topic.
var ErrMalformed = errors.New("malformed event")

// Record encodes ev as a Kafka record for topic in binary content mode:
// the envelope in ce_* headers, the payload as the value, the subject as
// the key so an aggregate's events share a partition.
func Record(topic string, ev Event) *kgo.Record {
	h := []kgo.RecordHeader{
		{Key: HeaderSpecVersion, Value: []byte(SpecVersion)},
		{Key: HeaderID, Value: []byte(ev.ID)},
		{Key: HeaderSource, Value: []byte(ev.Source)},
		{Key: HeaderType, Value: []byte(ev.Type)},
		{Key: HeaderSubject, Value: []byte(ev.Subject)},
		{Key: HeaderTime, Value: []byte(ev.Time.UTC().Format(time.RFC3339Nano))},
		{Key: HeaderTenant, Value: []byte(ev.Tenant.String())},
		{Key: HeaderContentType, Value: []byte(ContentType)},
	}
	optional := []struct{ key, value string }{
		{HeaderActor, ev.Actor}, {HeaderRequestID, ev.RequestID}, {HeaderTraceParent, ev.TraceParent},
	}
	for _, o := range optional {
		if o.value != "" {
			h = append(h, kgo.RecordHeader{Key: o.key, Value: []byte(o.value)})
		}
	}
	return &kgo.Record{Topic: topic, Key: []byte(ev.Subject), Value: ev.Data, Headers: h}
}

// Decode reads the event of a record. Returns an error wrapping
// ErrMalformed, naming the first problem, when a required attribute is
// missing or invalid or the value is not JSON.
func Decode(r *kgo.Record) (Event, error) {
	h := make(map[string]string, len(r.Headers))
	for _, kv := range r.Headers {
		h[kv.Key] = string(kv.Value)
	}
	ev := Event{
		ID: h[HeaderID], Source: h[HeaderSource], Type: h[HeaderType], Subject: h[HeaderSubject],
		Actor: h[HeaderActor], RequestID: h[HeaderRequestID], TraceParent: h[HeaderTraceParent],
		Data: json.RawMessage(r.Value), Topic: r.Topic, Partition: r.Partition, Offset: r.Offset,
	}
	bad := func(format string, args ...any) (Event, error) {
		return Event{}, fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
	}
	if v := h[HeaderSpecVersion]; v != SpecVersion {
		return bad("%s is %q, want %q", HeaderSpecVersion, v, SpecVersion)
	}
	for _, key := range []string{HeaderSource, HeaderSubject, HeaderActor, HeaderRequestID, HeaderTraceParent} {
		if !attributeString(h[key]) {
			return bad("%s %q is not UTF-8 text without control characters", key, h[key])
		}
	}
	// Validate, not Parse: Parse takes any 38 bytes around a UUID for its
	// braced form, so an id need not even be UTF-8 (a fuzz finding).
	if err := uuid.Validate(ev.ID); err != nil {
		return bad("%s %q is not a UUID", HeaderID, ev.ID)
	}
	if ev.Source == "" || ev.Subject == "" {
		return bad("%s and %s are required", HeaderSource, HeaderSubject)
	}
	if !TypePattern.MatchString(ev.Type) {
		return bad("%s %q is not vextrus.<service>.<entity>.<verb>.v<n>", HeaderType, ev.Type)
	}
	t, err := time.Parse(time.RFC3339Nano, h[HeaderTime])
	if err != nil {
		return bad("%s %q is not an RFC 3339 time", HeaderTime, h[HeaderTime])
	}
	ev.Time = t.UTC()
	if ev.Tenant, err = tenant.Parse(h[HeaderTenant]); err != nil {
		return bad("%s %q is not a tenant id", HeaderTenant, h[HeaderTenant])
	}
	if ct := h[HeaderContentType]; ct != "" && ct != ContentType {
		return bad("%s is %q, want %s", HeaderContentType, ct, ContentType)
	}
	if !json.Valid(r.Value) {
		return bad("the value is not JSON")
	}
	return ev, nil
}

// attributeString reports whether s is a CloudEvents 1.0 String: UTF-8
// without the control characters U+0000–U+001F and U+007F–U+009F. The
// attributes that are not checked by a stricter form (UUID, type
// pattern, time) are checked against it, so no consumer stores a NUL
// (which PostgreSQL text refuses) or a line break from another producer.
func attributeString(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

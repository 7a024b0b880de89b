package events_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/events"
)

// FuzzDecode feeds Kafka records with arbitrary CloudEvents headers and
// values to Decode, as a consumer receives them: it either returns an
// event or an error wrapping ErrMalformed, never both or neither; every
// attribute of an event it returns is a CloudEvents string (UTF-8, no
// control characters), and Record encodes that event to a record Decode
// reads back unchanged.
func FuzzDecode(f *testing.F) {
	type seed struct{ spec, id, source, typ, subject, when, tenant, ct, actor, reqID, value string }
	good := seed{"1.0", "01900000-0000-7000-8000-000000000001", "orders", "vextrus.orders.order.placed.v1", "po-1",
		"2026-07-01T10:00:00.123456Z", "01900000-0000-7000-8000-0000000000aa", "application/json", "user-1", "req-1", `{"n":1}`}
	seeds := []seed{good}
	vary := func(change func(*seed)) {
		s := good
		change(&s)
		seeds = append(seeds, s)
	}
	vary(func(s *seed) { s.spec = "0.3" })
	vary(func(s *seed) { s.id = "{01900000-0000-7000-8000-000000000001}" })
	vary(func(s *seed) { s.id = "urn:uuid:01900000-0000-7000-8000-000000000001" })
	vary(func(s *seed) { s.id = "\xb601900000-0000-7000-8000-000000000001x" }) // braces that are not
	vary(func(s *seed) { s.source = "" })
	vary(func(s *seed) { s.source = "orders\x00" })
	vary(func(s *seed) { s.subject = "po-1\n" })
	vary(func(s *seed) { s.actor = "\xff\xfe" })
	vary(func(s *seed) { s.typ = "vextrus.settings.changed.v1" })
	vary(func(s *seed) { s.typ = "vextrus.orders.order.placed.v0" })
	vary(func(s *seed) { s.when = "2026-07-01T10:00:00+06:00" })
	vary(func(s *seed) { s.when = "2026-02-30T10:00:00Z" })
	vary(func(s *seed) { s.tenant = "00000000-0000-0000-0000-000000000000" })
	vary(func(s *seed) { s.ct = "" })
	vary(func(s *seed) { s.ct = "application/json; charset=utf-8" })
	vary(func(s *seed) { s.value = `{"n":` })
	vary(func(s *seed) { s.value = `` })
	vary(func(s *seed) { s.value = `"\u0000"` })
	for _, s := range seeds {
		f.Add(s.spec, s.id, s.source, s.typ, s.subject, s.when, s.tenant, s.ct, s.actor, s.reqID, []byte(s.value))
	}
	f.Fuzz(func(t *testing.T, spec, id, source, typ, subject, when, tnt, ct, actor, reqID string, value []byte) {
		rec := &kgo.Record{Topic: "vextrus.orders.events", Key: []byte(subject), Value: value, Partition: 1, Offset: 9}
		for _, h := range [][2]string{{events.HeaderSpecVersion, spec}, {events.HeaderID, id}, {events.HeaderSource, source},
			{events.HeaderType, typ}, {events.HeaderSubject, subject}, {events.HeaderTime, when}, {events.HeaderTenant, tnt},
			{events.HeaderContentType, ct}, {events.HeaderActor, actor}, {events.HeaderRequestID, reqID}} {
			if h[1] != "" {
				rec.Headers = append(rec.Headers, kgo.RecordHeader{Key: h[0], Value: []byte(h[1])})
			}
		}
		ev, err := events.Decode(rec)
		if err != nil {
			if !errors.Is(err, events.ErrMalformed) || ev.ID != "" || ev.Data != nil {
				t.Fatalf("Decode: %v with %+v, want only an error wrapping ErrMalformed", err, ev)
			}
			return
		}
		if ev.ID == "" || ev.Time.IsZero() || ev.Tenant.IsZero() {
			t.Fatalf("Decode accepted an event without id, time or tenant: %+v", ev)
		}
		for name, v := range map[string]string{"id": ev.ID, "source": ev.Source, "type": ev.Type, "subject": ev.Subject,
			"actor": ev.Actor, "requestid": ev.RequestID, "traceparent": ev.TraceParent} {
			if !cloudEventsString(v) {
				t.Fatalf("Decode accepted %s %q, which is not a CloudEvents string", name, v)
			}
		}
		again, err := events.Decode(events.Record(rec.Topic, ev))
		if err != nil {
			t.Fatalf("Decode(Record(%+v)): %v", ev, err)
		}
		if again.ID != ev.ID || again.Source != ev.Source || again.Type != ev.Type || again.Subject != ev.Subject ||
			!again.Time.Equal(ev.Time) || again.Tenant != ev.Tenant || again.Actor != ev.Actor ||
			again.RequestID != ev.RequestID || again.TraceParent != ev.TraceParent || string(again.Data) != string(ev.Data) {
			t.Fatalf("Decode(Record(%+v)) = %+v", ev, again)
		}
	})
}

// cloudEventsString reports whether s is a CloudEvents 1.0 String: UTF-8
// without the control characters U+0000–U+001F and U+007F–U+009F. It
// spells the ranges out as the specification does, rather than calling
// unicode.IsControl as the decoder does, so the property checks the
// decoder against the specification, not against itself.
func cloudEventsString(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r <= 0x1f || (r >= 0x7f && r <= 0x9f) {
			return false
		}
	}
	return true
}

package events_test

import (
	"errors"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestRecordRoundTripsTheEnvelope(t *testing.T) {
	ev := events.Event{
		ID: "01900000-0000-7000-8000-000000000001", Source: "shop", Type: orderPlaced, Subject: "order-1",
		Time: time.Date(2025, 7, 1, 10, 0, 0, 123456000, time.UTC), Tenant: tenant.New(), Actor: "user-1",
		RequestID: "req-1", TraceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
		Data: []byte(`{"total":5,"n":1}`),
	}
	rec := events.Record("vextrus.shop.events", ev)
	if string(rec.Key) != "order-1" {
		t.Errorf("key %q, want the subject", rec.Key)
	}
	want := map[string]string{"ce_specversion": "1.0", "ce_tenantid": ev.Tenant.String(),
		"ce_time": "2025-07-01T10:00:00.123456Z", "content-type": "application/json", "ce_actor": "user-1"}
	for _, h := range rec.Headers {
		if w, ok := want[h.Key]; ok && w != string(h.Value) {
			t.Errorf("header %s = %q, want %q", h.Key, h.Value, w)
		}
		delete(want, h.Key)
	}
	if len(want) > 0 {
		t.Errorf("missing headers %v", want)
	}
	rec.Partition, rec.Offset = 2, 7
	got, err := events.Decode(rec)
	if err != nil {
		t.Fatal(err)
	}
	ev.Topic, ev.Partition, ev.Offset = rec.Topic, 2, 7
	if got.ID != ev.ID || got.Tenant != ev.Tenant || !got.Time.Equal(ev.Time) || got.Actor != ev.Actor ||
		got.RequestID != ev.RequestID || got.TraceParent != ev.TraceParent || string(got.Data) != string(ev.Data) ||
		got.Offset != 7 || got.Type != ev.Type || got.Subject != ev.Subject || got.Source != ev.Source {
		t.Errorf("decoded %+v, want %+v", got, ev)
	}
}

func TestDecodeRefusesMalformedRecords(t *testing.T) {
	good := events.Record("t", events.Event{ID: "01900000-0000-7000-8000-000000000001", Source: "shop",
		Type: orderPlaced, Subject: "s", Time: time.Now(), Tenant: tenant.New(), Data: []byte(`{}`)})
	with := func(key, value string) *kgo.Record {
		r := *good
		r.Headers = nil
		for _, h := range good.Headers {
			if h.Key != key {
				r.Headers = append(r.Headers, h)
			}
		}
		if value != "" {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: key, Value: []byte(value)})
		}
		return &r
	}
	badJSON := *good
	badJSON.Value = []byte(`{"total":`)
	cases := map[string]*kgo.Record{
		"no headers":       {Topic: "t", Value: []byte(`{}`)},
		"bad json":         &badJSON,
		"no tenant":        with("ce_tenantid", ""),
		"foreign type":     with("ce_type", "com.example.thing"),
		"bad id":           with("ce_id", "42"),
		"bad time":         with("ce_time", "yesterday"),
		"old spec version": with("ce_specversion", "0.3"),
		// Found by FuzzDecode: attributes that are not CloudEvents
		// strings reached consumers, and a NUL failed the audit
		// consumer's INSERT three times before the DLQ took it.
		"NUL in the source":         with("ce_source", "shop\x00"),
		"line break in the subject": with("ce_subject", "s\nX-Injected: 1"),
		"actor not UTF-8":           with("ce_actor", "\xff\xfe"),
		"control in the trace":      with("traceparent", "00-\x7f"),
	}
	for name, rec := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := events.Decode(rec); !errors.Is(err, events.ErrMalformed) {
				t.Errorf("Decode: %v, want ErrMalformed", err)
			}
		})
	}
}

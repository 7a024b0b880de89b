package sms_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/notify/sms"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// gateway is a fake SMS gateway answering status with body, and
// keeping the requests it got.
type gateway struct {
	status int
	body   string
	got    []map[string]string
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var m map[string]string
	_ = json.Unmarshal(raw, &m)
	m["_contentType"] = r.Header.Get("Content-Type")
	m["_method"] = r.Method
	g.got = append(g.got, m)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(g.status)
	_, _ = io.WriteString(w, g.body)
}

func newGateway(t *testing.T, status int, body string) (*gateway, *sms.HTTPProvider) {
	t.Helper()
	g := &gateway{status: status, body: body}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return g, &sms.HTTPProvider{URL: srv.URL + "/api/v3/send-sms", APIKey: "tok-1", SenderID: "VEXTRUS", Client: srv.Client()}
}

func mobile(t *testing.T) bd.Mobile {
	t.Helper()
	m, err := bd.ParseMobile("01712-345678")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const accepted = `{"status":"SUCCESS","status_code":200,"error_message":"",
	"smsinfo":[{"sms_status":"SUCCESS","status_message":"Success","msisdn":"8801712345678","csms_id":"ref-1","reference_id":"gw-778"}]}`

func TestHTTPProviderPostsTheGatewaysJSONAndReturnsItsReference(t *testing.T) {
	g, p := newGateway(t, http.StatusOK, accepted)
	id, err := p.Send(sms.WithReference(context.Background(), "ref-1"), mobile(t), "আপনার চালান অনুমোদিত")
	if err != nil {
		t.Fatal(err)
	}
	if id != "gw-778" {
		t.Errorf("id = %q, want the gateway's reference gw-778", id)
	}
	if len(g.got) != 1 {
		t.Fatalf("gateway got %d requests, want 1", len(g.got))
	}
	want := map[string]string{"_method": "POST", "_contentType": "application/json", "api_token": "tok-1",
		"sid": "VEXTRUS", "msisdn": "8801712345678", "sms": "আপনার চালান অনুমোদিত", "csms_id": "ref-1"}
	for k, v := range want {
		if g.got[0][k] != v {
			t.Errorf("%s = %q, want %q", k, g.got[0][k], v)
		}
	}
}

func TestHTTPProviderClassifiesFailures(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		body      string
		retryable bool
	}{
		{"server error is retryable", 502, `bad gateway`, true},
		{"rate limit is retryable", 429, `{"status":"FAILED","status_code":429,"error_message":"slow down"}`, true},
		{"bad token is permanent", 401, `{"status":"FAILED","status_code":4001,"error_message":"Unauthorized"}`, false},
		{"refused number in a 200 is permanent", 200, `{"status":"FAILED","status_code":4022,"error_message":"Invalid MSISDN"}`, false},
		{"failed part in a 200 is permanent", 200, `{"status":"SUCCESS","status_code":200,"smsinfo":[{"sms_status":"FAILED","status_message":"Blocked"}]}`, false},
		{"gateway's own 5xx code is retryable", 200, `{"status":"FAILED","status_code":503,"error_message":"maintenance"}`, true},
		{"unreadable answer is retryable", 200, `<html>proxy</html>`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, p := newGateway(t, c.status, c.body)
			_, err := p.Send(context.Background(), mobile(t), "hello")
			var se *sms.SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *sms.SendError", err)
			}
			if se.Retryable != c.retryable || sms.Retryable(err) != c.retryable || se.Permanent() == c.retryable {
				t.Errorf("retryable = %v, want %v (%v)", se.Retryable, c.retryable, err)
			}
			wantCode := errs.FailedPrecondition
			if c.retryable {
				wantCode = errs.Unavailable
			}
			if got := errs.CodeOf(err); got != wantCode {
				t.Errorf("code = %s, want %s", got, wantCode)
			}
		})
	}
}

func TestHTTPProviderTimesOutAGatewayThatNeverAnswers(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(block) })
	p := &sms.HTTPProvider{URL: srv.URL, APIKey: "k", SenderID: "s", Timeout: 50 * time.Millisecond}
	_, err := p.Send(context.Background(), mobile(t), "hello")
	if !sms.Retryable(err) {
		t.Fatalf("err = %v, want a retryable failure", err)
	}
}

func TestHTTPProviderCheckNamesMissingSettings(t *testing.T) {
	if err := (&sms.HTTPProvider{}).Check(); err == nil {
		t.Error("a provider without URL passed Check")
	}
	if err := (&sms.HTTPProvider{URL: "https://x"}).Check(); err == nil {
		t.Error("a provider without key and sender passed Check")
	}
	if err := (&sms.HTTPProvider{URL: "https://x", APIKey: "k", SenderID: "s"}).Check(); err != nil {
		t.Errorf("complete provider failed Check: %v", err)
	}
}

func TestRecorderKeepsWhatItSends(t *testing.T) {
	var r sms.Recorder
	to := mobile(t)
	if _, err := r.Send(context.Background(), to, "one"); err != nil {
		t.Fatal(err)
	}
	id, err := r.Send(context.Background(), to, "দুই")
	if err != nil {
		t.Fatal(err)
	}
	sent := r.Sent()
	if len(sent) != 2 || sent[1].ID != id || sent[1].Text != "দুই" || sent[1].Encoding != sms.UCS2 || sent[1].Parts != 1 || sent[0].To != to {
		t.Fatalf("Sent = %+v", sent)
	}
	r.Fail(&sms.SendError{Retryable: true, Reason: "outage"})
	if _, err := r.Send(context.Background(), to, "three"); !sms.Retryable(err) {
		t.Fatalf("err = %v, want the rehearsed outage", err)
	}
	if len(r.Sent()) != 2 {
		t.Fatal("a failed send was recorded")
	}
}

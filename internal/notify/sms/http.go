package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/bd"
)

// HTTPProvider sends through a Bangladeshi SMS gateway's JSON API, in the
// shape of SSL Wireless ISMS Plus (`POST /api/v3/send-sms`), which other
// local gateways copy: the request
//
//	{"api_token": "...", "sid": "<sender id>", "msisdn": "8801712345678",
//	 "sms": "<text>", "csms_id": "<the client's reference>"}
//
// and the answer
//
//	{"status": "SUCCESS"|"FAILED", "status_code": 200, "error_message": "",
//	 "smsinfo": [{"sms_status": "SUCCESS", "status_message": "...",
//	              "msisdn": "8801712345678", "csms_id": "...", "reference_id": "..."}]}
//
// The gateway refuses a second message with the same csms_id, so a retry
// after a timeout (when the first may have gone out) does not send twice
// when the caller names the message with WithReference.
type HTTPProvider struct {
	// URL is the send endpoint, e.g. https://smsplus.sslwireless.com/api/v3/send-sms.
	URL string
	// APIKey is the gateway's API token; SenderID the approved sender id
	// (masking name or long code).
	APIKey, SenderID string
	// Client makes the requests; nil is a client with Timeout.
	Client *http.Client
	// Timeout bounds one request when Client is nil; 0 is 10 s.
	Timeout time.Duration
}

type gatewayRequest struct {
	APIToken string `json:"api_token"`
	SID      string `json:"sid"`
	MSISDN   string `json:"msisdn"`
	SMS      string `json:"sms"`
	CSMSID   string `json:"csms_id"`
}

type gatewayResponse struct {
	Status       string `json:"status"`
	StatusCode   int    `json:"status_code"`
	ErrorMessage string `json:"error_message"`
	SMSInfo      []struct {
		SMSStatus     string `json:"sms_status"`
		StatusMessage string `json:"status_message"`
		CSMSID        string `json:"csms_id"`
		ReferenceID   string `json:"reference_id"`
	} `json:"smsinfo"`
}

type referenceKey struct{}

// WithReference returns ctx naming the message a Send in it sends: the
// csms_id the gateway deduplicates on. Without one each Send gets a
// random reference.
func WithReference(ctx context.Context, ref string) context.Context {
	return context.WithValue(ctx, referenceKey{}, ref)
}

func reference(ctx context.Context) string {
	if ref, ok := ctx.Value(referenceKey{}).(string); ok && ref != "" {
		return ref
	}
	return uuid.NewString()
}

// Send posts the message and returns the gateway's reference id. Network
// errors, timeouts, 429 and 5xx answers are retryable; other refusals
// (bad credentials, an unknown sender id, a number the gateway rejects)
// are permanent.
func (p *HTTPProvider) Send(ctx context.Context, to bd.Mobile, text string) (string, error) {
	ref := reference(ctx)
	body, err := json.Marshal(gatewayRequest{APIToken: p.APIKey, SID: p.SenderID,
		MSISDN: strings.TrimPrefix(to.String(), "+"), SMS: text, CSMSID: ref})
	if err != nil {
		return "", fmt.Errorf("sms: encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.URL, bytes.NewReader(body))
	if err != nil {
		return "", &SendError{Reason: "bad gateway URL", Cause: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	res, err := p.client().Do(req)
	if err != nil {
		return "", &SendError{Retryable: true, Reason: "request failed", Cause: err}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		return "", &SendError{Retryable: true, Status: res.StatusCode, Reason: "reading the answer failed", Cause: err}
	}
	return classify(res.StatusCode, raw, ref)
}

func (p *HTTPProvider) client() *http.Client {
	if p.Client != nil {
		return p.Client
	}
	t := p.Timeout
	if t <= 0 {
		t = 10 * time.Second
	}
	return &http.Client{Timeout: t}
}

// classify turns the gateway's answer into an id or a *SendError.
func classify(status int, raw []byte, ref string) (string, error) {
	// Gateways put their own codes (4001, 4022) in status_code; only the
	// HTTP-like 429 and 5xx say "try again".
	retryableStatus := func(s int) bool { return s == http.StatusTooManyRequests || s >= 500 && s <= 599 }
	var gr gatewayResponse
	jsonErr := json.Unmarshal(raw, &gr)
	if status < 200 || status > 299 {
		reason := http.StatusText(status)
		if jsonErr == nil && gr.ErrorMessage != "" {
			reason = gr.ErrorMessage
		}
		return "", &SendError{Retryable: retryableStatus(status), Status: status, Reason: reason}
	}
	if jsonErr != nil {
		// Accepted or not, nobody can tell: retrying with the same
		// reference lets the gateway drop a duplicate.
		return "", &SendError{Retryable: true, Status: status, Reason: "unreadable answer", Cause: jsonErr}
	}
	ok := strings.EqualFold(gr.Status, "SUCCESS") && (gr.StatusCode == 0 || gr.StatusCode == 200)
	if ok && len(gr.SMSInfo) > 0 && !strings.EqualFold(gr.SMSInfo[0].SMSStatus, "SUCCESS") {
		ok, gr.ErrorMessage = false, gr.SMSInfo[0].StatusMessage
	}
	if !ok {
		reason := gr.ErrorMessage
		if reason == "" {
			reason = fmt.Sprintf("status %q, code %d", gr.Status, gr.StatusCode)
		}
		return "", &SendError{Retryable: retryableStatus(gr.StatusCode), Status: status, Reason: reason}
	}
	if len(gr.SMSInfo) > 0 && gr.SMSInfo[0].ReferenceID != "" {
		return gr.SMSInfo[0].ReferenceID, nil
	}
	return ref, nil
}

// errNoURL is returned by Check when the provider has no URL.
var errNoURL = errors.New("sms: the gateway URL is required")

// Check reports a provider that cannot send: no URL, no API key or no
// sender id.
func (p *HTTPProvider) Check() error {
	switch {
	case p.URL == "":
		return errNoURL
	case p.APIKey == "" || p.SenderID == "":
		return errors.New("sms: the gateway's API key and sender id are required")
	}
	return nil
}

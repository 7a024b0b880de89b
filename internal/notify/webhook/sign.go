package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
)

// The headers of a delivery.
const (
	// HeaderID is the event's id: the same on every attempt and resend,
	// so receivers de-duplicate on it.
	HeaderID = "Webhook-Id"
	// HeaderTimestamp is the attempt's time, Unix seconds.
	HeaderTimestamp = "Webhook-Timestamp"
	// HeaderSignature is "v1=<hex>", or several comma-separated while a
	// rotated-out secret still signs.
	HeaderSignature = "Webhook-Signature"
)

// secretPrefix marks a webhook secret so it is recognisable in a leak
// scan; the whole string, prefix included, is the HMAC key.
const secretPrefix = "whsec_"

// newSecret returns a fresh secret of 32 random bytes.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return secretPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// Sign returns the v1 signature of body sent at timestamp: the hex
// HMAC-SHA256, keyed with secret, of timestamp + "." + body.
func Sign(secret, timestamp string, body []byte) string {
	return "v1=" + hex.EncodeToString(mac(secret, timestamp, body))
}

func mac(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return m.Sum(nil)
}

// ErrSignature is Verify's answer to a signature that does not match.
var ErrSignature = errors.New("webhook: no signature matches")

// Verify checks a delivery as its receiver got it: secret is the
// endpoint's secret, timestamp the Webhook-Timestamp header, body the raw
// request body, signature the Webhook-Signature header. It passes when
// any v1 signature in the header matches (there are two while a rotated
// secret is in its grace period), comparing in constant time. Receivers
// should also refuse a timestamp far from their clock (five minutes, say)
// so a captured request cannot be replayed later.
func Verify(secret, timestamp string, body []byte, signature string) error {
	want := mac(secret, timestamp, body)
	for _, part := range strings.FieldsFunc(signature, func(r rune) bool { return r == ',' || r == ' ' }) {
		v, sig, ok := strings.Cut(part, "=")
		if !ok || v != "v1" {
			continue
		}
		got, err := hex.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return ErrSignature
}

// signatures is the header value for body signed with secret and, when
// set, the previous secret.
func signatures(secret, previous, timestamp string, body []byte) string {
	s := Sign(secret, timestamp, body)
	if previous != "" {
		s += "," + Sign(previous, timestamp, body)
	}
	return s
}

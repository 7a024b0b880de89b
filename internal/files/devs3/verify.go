package devs3

import (
	"context"
	"crypto/hmac"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// amzTime is the layout of X-Amz-Date.
const amzTime = "20060102T150405Z"

const (
	// maxSkew is how far a header-signed request's time may be from the
	// server's, as S3 allows.
	maxSkew = 15 * time.Minute
	// maxExpires is the longest validity S3 accepts for a presigned URL.
	maxExpires = 7 * 24 * time.Hour
)

// guard admits only requests signed with the server's credential: a
// presigned URL (the signature in the query) until X-Amz-Date plus
// X-Amz-Expires, or a request signed in its Authorization header within
// maxSkew of the server's clock. It recomputes the signature with the
// SDK's signer over what the request says it signed and compares.
type guard struct {
	next                         http.Handler
	accessKey, secretKey, region string
	now                          func() time.Time
}

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var problem *s3Error
	if r.URL.Query().Has("X-Amz-Signature") {
		problem = g.checkPresigned(r)
	} else {
		problem = g.checkHeader(r)
	}
	if problem != nil {
		problem.write(w)
		return
	}
	g.next.ServeHTTP(w, r)
}

// checkPresigned verifies a presigned request.
func (g *guard) checkPresigned(r *http.Request) *s3Error {
	q := r.URL.Query()
	if q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" {
		return denied("AuthorizationQueryParametersError", "X-Amz-Algorithm must be AWS4-HMAC-SHA256")
	}
	signedAt, err := time.Parse(amzTime, q.Get("X-Amz-Date"))
	if err != nil {
		return denied("AuthorizationQueryParametersError", "X-Amz-Date is not a valid date")
	}
	secs, err := strconv.ParseInt(q.Get("X-Amz-Expires"), 10, 64)
	if err != nil || secs < 1 || time.Duration(secs)*time.Second > maxExpires {
		return denied("AuthorizationQueryParametersError", "X-Amz-Expires must be from 1 to 604800 seconds")
	}
	now := g.now()
	if now.Before(signedAt.Add(-maxSkew)) {
		return denied("AccessDenied", "Request is not valid yet")
	}
	if !now.Before(signedAt.Add(time.Duration(secs) * time.Second)) {
		return denied("AccessDenied", "Request has expired")
	}
	if p := g.checkScope(q.Get("X-Amz-Credential"), signedAt); p != nil {
		return p
	}
	given := q.Get("X-Amz-Signature")
	req := g.unsigned(r, strings.Split(q.Get("X-Amz-SignedHeaders"), ";"))
	q.Del("X-Amz-Signature")
	req.URL.RawQuery = q.Encode()
	signed, _, err := v4.NewSigner(noPathEscaping).PresignHTTP(context.Background(), g.credentials(), req,
		"UNSIGNED-PAYLOAD", "s3", g.region, signedAt)
	if err != nil {
		return denied("SignatureDoesNotMatch", "the signature cannot be computed")
	}
	u, err := url.Parse(signed)
	if err != nil || !hmac.Equal([]byte(u.Query().Get("X-Amz-Signature")), []byte(given)) {
		return denied("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided")
	}
	return nil
}

// checkHeader verifies a request signed in its Authorization header.
func (g *guard) checkHeader(r *http.Request) *s3Error {
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
	if !ok {
		return denied("AccessDenied", "Anonymous access is forbidden; sign the request with AWS Signature Version 4")
	}
	parts := map[string]string{}
	for _, p := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		parts[k] = v
	}
	signedAt, err := time.Parse(amzTime, r.Header.Get("X-Amz-Date"))
	if err != nil {
		return denied("AccessDenied", "X-Amz-Date is missing or not a valid date")
	}
	if d := g.now().Sub(signedAt); d > maxSkew || d < -maxSkew {
		return denied("RequestTimeTooSkewed", "The difference between the request time and the server's time is too large")
	}
	if p := g.checkScope(parts["Credential"], signedAt); p != nil {
		return p
	}
	payload := r.Header.Get("X-Amz-Content-Sha256")
	if payload == "" {
		return denied("AccessDenied", "X-Amz-Content-Sha256 is required")
	}
	req := g.unsigned(r, strings.Split(parts["SignedHeaders"], ";"))
	req.URL.RawQuery = r.URL.RawQuery
	if err := v4.NewSigner(noPathEscaping).SignHTTP(context.Background(), g.credentials(), req, payload, "s3", g.region, signedAt); err != nil {
		return denied("SignatureDoesNotMatch", "the signature cannot be computed")
	}
	_, want, _ := strings.Cut(req.Header.Get("Authorization"), "Signature=")
	if !hmac.Equal([]byte(want), []byte(parts["Signature"])) {
		return denied("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided")
	}
	return nil
}

// checkScope checks a credential scope, key/date/region/s3/aws4_request.
func (g *guard) checkScope(credential string, signedAt time.Time) *s3Error {
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[3] != "s3" || scope[4] != "aws4_request" {
		return denied("AuthorizationQueryParametersError", "the credential scope is malformed")
	}
	if scope[0] != g.accessKey {
		return denied("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records")
	}
	if scope[1] != signedAt.Format("20060102") || scope[2] != g.region {
		return denied("SignatureDoesNotMatch", "the credential scope does not match the request's date or region")
	}
	return nil
}

// unsigned is a copy of r with only the headers it says it signed, for
// the signer to sign again.
func (g *guard) unsigned(r *http.Request, signedHeaders []string) *http.Request {
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	req := &http.Request{Method: r.Method, URL: &u, Host: r.Host, Header: http.Header{}}
	for _, h := range signedHeaders {
		switch h {
		case "host", "":
		case "content-length":
			req.ContentLength = r.ContentLength
		default:
			if vs := r.Header.Values(h); len(vs) > 0 {
				req.Header[http.CanonicalHeaderKey(h)] = slices.Clone(vs)
			}
		}
	}
	return req
}

func (g *guard) credentials() aws.Credentials {
	return aws.Credentials{AccessKeyID: g.accessKey, SecretAccessKey: g.secretKey}
}

// noPathEscaping signs the path as S3 does: escaped once, not twice.
func noPathEscaping(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }

// s3Error is an S3 error answer.
type s3Error struct {
	XMLName xml.Name `xml:"Error"`
	Code    string   `xml:"Code"`
	Message string   `xml:"Message"`
	status  int
}

func denied(code, message string) *s3Error {
	status := http.StatusForbidden
	if code == "AuthorizationQueryParametersError" {
		status = http.StatusBadRequest
	}
	return &s3Error{Code: code, Message: message, status: status}
}

func (e *s3Error) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(e.status)
	_, _ = w.Write([]byte(xml.Header))
	_ = xml.NewEncoder(w).Encode(e)
}

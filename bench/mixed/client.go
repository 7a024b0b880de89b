package mixed

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// StatusError is a non-2xx answer of the system.
type StatusError struct {
	Status int
	Body   string
}

func (e *StatusError) Error() string { return fmt.Sprintf("status %d: %.300s", e.Status, e.Body) }

// IsStatus reports whether err is an answer with the status code.
func IsStatus(err error, status int) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Status == status
}

// request is one call of the APIs: the method, the path under the base
// URL, a JSON body (nil: none) and headers as name, value pairs.
type request struct {
	method, path string
	body         any
	headers      []string
}

// send makes one request with token (none when empty) and answers the
// body and headers of a 2xx, or a *StatusError.
func send(ctx context.Context, client *http.Client, base, token string, r request) ([]byte, http.Header, error) {
	var body io.Reader
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, nil, errs.Wrap(errs.Internal, err, "encode %s %s", r.method, r.path)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, base+r.path, body)
	if err != nil {
		return nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(r.headers); i += 2 {
		req.Header.Set(r.headers[i], r.headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: read: %w", r.method, r.path, err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, nil, fmt.Errorf("%s %s: %w", r.method, r.path, &StatusError{Status: resp.StatusCode, Body: string(b)})
	}
	return b, resp.Header, nil
}

// login signs email in to the tenant and answers the access token.
func login(ctx context.Context, client *http.Client, base, tenantSlug, email, password string) (tokenPair, error) {
	b, _, err := send(ctx, client, base, "", request{method: http.MethodPost, path: "/api/v1/auth/login",
		body: map[string]string{"tenant": tenantSlug, "email": email, "password": password}})
	if err != nil {
		return tokenPair{}, fmt.Errorf("sign in %s: %w", email, err)
	}
	return readPair(b, "sign in "+email)
}

// refresh spends refreshToken for a new pair, as a client renews an
// expired access token without its user's password.
func refresh(ctx context.Context, client *http.Client, base, refreshToken string) (tokenPair, error) {
	b, _, err := send(ctx, client, base, "", request{method: http.MethodPost, path: "/api/v1/auth/refresh",
		body: map[string]string{"refreshToken": refreshToken}})
	if err != nil {
		return tokenPair{}, fmt.Errorf("refresh: %w", err)
	}
	return readPair(b, "refresh")
}

// tokenPair is a session's access and refresh tokens.
type tokenPair struct {
	Access  string `json:"accessToken"`
	Refresh string `json:"refreshToken"`
}

func readPair(b []byte, what string) (tokenPair, error) {
	var p tokenPair
	if err := json.Unmarshal(b, &p); err != nil || p.Access == "" {
		return tokenPair{}, fmt.Errorf("%s: no access token in %.200s", what, b)
	}
	return p, nil
}

// tokenTenant is the tenant id (claim tid) of an access token.
func tokenTenant(token string) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", errors.New("the access token is not a JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Tenant string `json:"tid"`
	}
	if err != nil || json.Unmarshal(payload, &claims) != nil || claims.Tenant == "" {
		return "", errors.New("unreadable token claims")
	}
	return claims.Tenant, nil
}

// graphqlAnswer is a GraphQL response: data, or errors.
type graphqlAnswer struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

// graphqlErr is the answer's error, if any: data with errors is a failure
// (the acknowledged-writes rule: only data without errors counts).
func (a graphqlAnswer) err() error {
	if len(a.Errors) == 0 {
		return nil
	}
	e := a.Errors[0]
	if e.Extensions.Code == "UNAUTHENTICATED" {
		return &StatusError{Status: http.StatusUnauthorized, Body: e.Message}
	}
	return fmt.Errorf("graphql: %s (%s; %d errors)", e.Message, e.Extensions.Code, len(a.Errors))
}

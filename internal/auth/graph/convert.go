package graph

import (
	"context"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Converters between the service's types and the generated models.

func toTokenPair(p auth.TokenPair) *TokenPair {
	return &TokenPair{AccessToken: p.AccessToken, RefreshToken: p.RefreshToken, ExpiresIn: p.ExpiresIn, TokenType: p.TokenType}
}

func toUser(u auth.User) *User {
	kind, id := ActorKindUser, u.ID.String()
	switch {
	case u.APIKey:
		kind = ActorKindAPIKey
	case u.Service != "":
		kind, id = ActorKindService, authz.ServiceSubject(u.Service)
	}
	return &User{ID: id, Kind: kind, Email: u.Email, Name: u.Name, NameBn: opt(u.NameBn), Mobile: opt(string(u.Mobile)),
		Status: UserStatus(strings.ToUpper(u.Status)), Roles: u.Roles, CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC(),
		Version: u.Version}
}

func fromUserStatus(s UserStatus) string { return strings.ToLower(string(s)) }

func toTenant(t auth.Tenant) *Tenant {
	return &Tenant{ID: t.ID.String(), Slug: t.Slug, Name: t.Name, NameBn: opt(t.NameBn), Bin: opt(string(t.BIN)), Tin: opt(string(t.TIN)),
		Status: TenantStatus(strings.ToUpper(t.Status)), Timezone: t.Timezone, Locale: t.Locale, CreatedAt: t.CreatedAt.UTC()}
}

func toAPIKey(k auth.APIKey) *APIKey {
	return &APIKey{ID: k.ID.String(), Name: k.Name, Hint: k.Hint, Permissions: k.Permissions, CreatedAt: k.CreatedAt.UTC(),
		ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt, LastUsedAt: k.LastUsedAt}
}

func toConnection(p auth.UserPage) *UserConnection {
	c := &UserConnection{Edges: make([]UserEdge, len(p.Items)), PageInfo: &PageInfo{HasNextPage: p.NextCursor != ""}}
	for i, u := range p.Items {
		// Each edge's cursor resumes after that user, as ListUsers's cursor does.
		c.Edges[i] = UserEdge{Cursor: auth.UserCursor(u.ID), Node: toUser(u)}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.EndCursor = &c.Edges[n-1].Cursor
	}
	return c
}

func parseID(field, s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Field(field, "must be a UUID")
	}
	return id, nil
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

type clientKey struct{}

type client struct{ ip, ua string }

// withClient keeps the caller's address for login's brute-force limits.
func withClient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), clientKey{}, client{ip: auth.ClientIP(r), ua: r.UserAgent()})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func clientFrom(ctx context.Context) (ip, ua string) {
	c, _ := ctx.Value(clientKey{}).(client)
	return c.ip, c.ua
}

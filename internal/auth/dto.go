package auth

import "time"

// JSON shapes of the REST API (camelCase, RFC 3339 UTC), converted from
// the core types at the edge.

type userJSON struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"tenantId"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	NameBn    string    `json:"nameBn,omitempty"`
	Mobile    string    `json:"mobile,omitempty"`
	Locale    string    `json:"locale,omitempty"`
	Status    string    `json:"status"`
	Roles     []string  `json:"roles"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

func toUserJSON(u User) userJSON {
	return userJSON{ID: u.ID.String(), TenantID: u.Tenant.String(), Email: u.Email, Name: u.Name, NameBn: u.NameBn,
		Mobile: string(u.Mobile), Locale: u.Locale, Status: u.Status, Roles: u.Roles, CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC(), Version: u.Version}
}

type tenantJSON struct {
	ID        string    `json:"id"`
	Slug      string    `json:"slug"`
	Name      string    `json:"name"`
	NameBn    string    `json:"nameBn,omitempty"`
	BIN       string    `json:"bin,omitempty"`
	TIN       string    `json:"tin,omitempty"`
	Status    string    `json:"status"`
	Timezone  string    `json:"timezone"`
	Locale    string    `json:"locale"`
	CreatedAt time.Time `json:"createdAt"`
	Version   int       `json:"version"`
}

func toTenantJSON(t Tenant) tenantJSON {
	return tenantJSON{ID: t.ID.String(), Slug: t.Slug, Name: t.Name, NameBn: t.NameBn, BIN: string(t.BIN), TIN: string(t.TIN),
		Status: t.Status, Timezone: t.Timezone, Locale: t.Locale, CreatedAt: t.CreatedAt.UTC(), Version: t.Version}
}

type roleJSON struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	System      bool     `json:"system"`
	Patterns    []string `json:"patterns"`
	Permissions []string `json:"permissions"`
}

func toRoleJSON(r Role) roleJSON {
	return roleJSON(r)
}

type sessionJSON struct {
	ID         string    `json:"id"`
	UserID     string    `json:"userId"`
	CreatedAt  time.Time `json:"createdAt"`
	LastUsedAt time.Time `json:"lastUsedAt"`
	ExpiresAt  time.Time `json:"expiresAt"`
	UserAgent  string    `json:"userAgent"`
	ClientIP   string    `json:"clientIp"`
	Current    bool      `json:"current"`
}

func toSessionJSON(x Session) sessionJSON {
	return sessionJSON{ID: x.ID.String(), UserID: x.UserID.String(), CreatedAt: x.CreatedAt.UTC(), LastUsedAt: x.LastUsedAt.UTC(),
		ExpiresAt: x.ExpiresAt.UTC(), UserAgent: x.UserAgent, ClientIP: x.ClientIP, Current: x.Current}
}

type apiKeyJSON struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Hint        string     `json:"hint"`
	Permissions []string   `json:"permissions"`
	CreatedBy   string     `json:"createdBy"`
	CreatedAt   time.Time  `json:"createdAt"`
	ExpiresAt   *time.Time `json:"expiresAt"`
	RevokedAt   *time.Time `json:"revokedAt"`
	LastUsedAt  *time.Time `json:"lastUsedAt"`
	// Key is the secret, present only in the answer that created it.
	Key string `json:"key,omitempty"`
}

func toAPIKeyJSON(k APIKey) apiKeyJSON {
	return apiKeyJSON{ID: k.ID.String(), Name: k.Name, Hint: k.Hint, Permissions: k.Permissions, CreatedBy: k.CreatedBy.String(),
		CreatedAt: k.CreatedAt.UTC(), ExpiresAt: utc(k.ExpiresAt), RevokedAt: utc(k.RevokedAt), LastUsedAt: utc(k.LastUsedAt)}
}

type departmentJSON struct {
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	Members []memberJSON `json:"members"`
	Version int          `json:"version"`
}

type memberJSON struct {
	UserID string `json:"userId"`
	Head   bool   `json:"head"`
}

func toDepartmentJSON(d Department) departmentJSON {
	out := departmentJSON{ID: d.ID.String(), Name: d.Name, Members: make([]memberJSON, len(d.Members)), Version: d.Version}
	for i, m := range d.Members {
		out.Members[i] = memberJSON{UserID: m.UserID.String(), Head: m.Head}
	}
	return out
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

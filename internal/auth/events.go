package auth

// Event types auth emits through the outbox; each has a JSON Schema at
// api/events/<type>.json. Payloads never carry passwords, keys or tokens
// in the clear: the invite and reset events carry their token sealed
// (internal/platform/tokenseal) for the notify service to email.
const (
	EventTenantCreated     = "vextrus.auth.tenant.created.v1"
	EventTenantSuspended   = "vextrus.auth.tenant.suspended.v1"
	EventTenantReactivated = "vextrus.auth.tenant.reactivated.v1"
	EventUserCreated       = "vextrus.auth.user.created.v1"
	EventPasswordSet       = "vextrus.auth.user.password_set.v1"
	EventLoginSucceeded    = "vextrus.auth.user.login_succeeded.v1"
	EventLoginFailed       = "vextrus.auth.user.login_failed.v1"
	EventRoleAssigned      = "vextrus.auth.role.assigned.v1"
	EventRoleRevoked       = "vextrus.auth.role.revoked.v1"
	EventSessionRevoked    = "vextrus.auth.session.revoked.v1"
	EventUserInvited       = "vextrus.auth.user.invited.v1"
	EventResetIssued       = "vextrus.auth.user.password_reset_issued.v1"
)

// EventTypes lists every type above, for schema tests.
var EventTypes = []string{EventTenantCreated, EventTenantSuspended, EventTenantReactivated, EventUserCreated,
	EventPasswordSet, EventLoginSucceeded, EventLoginFailed, EventRoleAssigned, EventRoleRevoked, EventSessionRevoked,
	EventUserInvited, EventResetIssued}

type tenantEvent struct {
	TenantID string `json:"tenantId"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
}

type userCreatedEvent struct {
	UserID    string   `json:"userId"`
	Email     string   `json:"email"`
	Name      string   `json:"name"`
	Status    string   `json:"status"`
	Roles     []string `json:"roles"`
	InvitedBy string   `json:"invitedBy,omitempty"`
}

type loginSucceededEvent struct {
	UserID    string `json:"userId"`
	SessionID string `json:"sessionId"`
	ClientIP  string `json:"clientIp"`
}

// loginFailedEvent names the attempted email, never the password; userId
// is absent when no such user exists.
type loginFailedEvent struct {
	Email    string `json:"email"`
	UserID   string `json:"userId,omitempty"`
	ClientIP string `json:"clientIp"`
	Failures int    `json:"failures"`
	Locked   bool   `json:"locked"`
}

// tokenIssuedEvent is the payload of the invite and reset events: who
// gets the token, in which language, and the token sealed under the
// service token secret.
type tokenIssuedEvent struct {
	UserID      string `json:"userId"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	Locale      string `json:"locale,omitempty"`
	SealedToken string `json:"sealedToken"`
	ExpiresAt   string `json:"expiresAt"`
	IssuedBy    string `json:"issuedBy,omitempty"`
}

type passwordSetEvent struct {
	UserID    string `json:"userId"`
	How       string `json:"how"`
	Activated bool   `json:"activated"`
}

// ChangesEntity reports whether an event of type typ changes what auth's
// subgraph answers for the entity (user or tenant) its subject names: the
// gateway's entity cache drops that entity when it sees one.
func ChangesEntity(typ string) bool {
	switch typ {
	case EventTenantSuspended, EventTenantReactivated, EventPasswordSet, EventRoleAssigned, EventRoleRevoked:
		return true
	}
	return false
}

type roleEvent struct {
	UserID string `json:"userId"`
	Role   string `json:"role"`
	By     string `json:"by"`
}

type sessionRevokedEvent struct {
	SessionID string `json:"sessionId"`
	UserID    string `json:"userId"`
	Reason    string `json:"reason"`
	By        string `json:"by,omitempty"`
}

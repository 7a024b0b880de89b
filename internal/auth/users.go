package auth

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// User statuses.
const (
	UserInvited  = "invited"
	UserActive   = "active"
	UserDisabled = "disabled"
)

// User is a person who logs in to one tenant.
type User struct {
	ID     uuid.UUID
	Tenant tenant.ID
	Email  string
	Name   string
	NameBn string
	Mobile bd.Mobile
	// Locale is the language the user reads notifications in: "bn",
	// "en", or "" for the tenant's.
	Locale    string
	Status    string
	Roles     []string
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
	// APIKey is true when this "user" is an API key standing for an
	// integration: GetUsers answers a key's id so that a record a key
	// created can name its creator (createdBy) like any other.
	APIKey bool
	// Service names the platform service this "user" is when GetActors
	// answered a `service:<name>` actor; ID is then the zero UUID.
	Service string
}

// NewUser is the input of InviteUser and CreateUser.
type NewUser struct {
	Email, Name, NameBn, Mobile string
	Roles                       []string
	// Locale is "bn", "en" or "" (the tenant's).
	Locale string
}

var emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func (s *Service) validateUser(in NewUser) (User, error) {
	c := &errs.Collector{}
	u := User{ID: uuid.Must(uuid.NewV7()), Email: strings.TrimSpace(in.Email), Name: strings.TrimSpace(in.Name),
		NameBn: strings.TrimSpace(in.NameBn), Roles: in.Roles, Locale: in.Locale}
	c.Check(emailRE.MatchString(u.Email) && len(u.Email) <= 254, "email", "must be an email address")
	c.Check(u.Name != "" && len(u.Name) <= 200, "name", "is required (at most 200 characters)")
	c.Check(u.Locale == "" || u.Locale == "bn" || u.Locale == "en", "locale", "must be bn or en (or empty for the tenant's)")
	if in.Mobile != "" {
		m, err := bd.ParseMobile(in.Mobile)
		c.Merge("", err)
		u.Mobile = m
	}
	if u.Roles == nil {
		u.Roles = []string{}
	}
	return u, c.Err()
}

// insertUser stores u with its roles and emits user.created.
func (s *Service) insertUser(ctx context.Context, tx *db.Tx, u *User, hash *string, by string) error {
	if err := s.store.insertUser(ctx, tx, u, hash, by); err != nil {
		return err
	}
	return s.events.Append(ctx, tx, events.Draft{Type: EventUserCreated, Subject: u.ID.String(),
		Data: userCreatedEvent{UserID: u.ID.String(), Email: u.Email, Name: u.Name, Status: u.Status, Roles: u.Roles, InvitedBy: by}})
}

// CreateUser adds an active user with a password, for provisioning (the
// CLI and the dev seed), not for the API, which invites. The tenant comes
// from ctx. Returns INVALID_ARGUMENT, CONFLICT on a taken email.
func (s *Service) CreateUser(ctx context.Context, in NewUser, password string) (User, error) {
	u, err := s.validateUser(in)
	if err != nil {
		return u, err
	}
	if err := s.checkRoles(ctx, u.Roles); err != nil {
		return u, err
	}
	if err := checkPassword("password", password, u.Email); err != nil {
		return u, err
	}
	h, err := s.hasher.hash(ctx, password)
	if err != nil {
		return u, err
	}
	u.Status = UserActive
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error { return s.insertUser(ctx, tx, &u, &h, "") })
	return u, err
}

// GetUser returns a user of the caller's tenant. Needs auth.user.read
// unless it is the caller. Returns NOT_FOUND (also for other tenants'
// users, which row-level security hides).
func (s *Service) GetUser(ctx context.Context, id uuid.UUID) (User, error) {
	if p, ok := authz.From(ctx); !ok || p.UserID != id.String() {
		if err := authz.Require(ctx, PermUserRead); err != nil {
			return User{}, err
		}
	}
	return s.store.readUser(ctx, id)
}

// GetUsers returns the users of ids in the caller's tenant, in order, with
// a zero User where an id is unknown (or another tenant's), in one
// transaction. An id of one of the tenant's API keys answers the key as
// an actor (APIKey set, named as the key, disabled once revoked or
// expired, no email and no roles): records carry the id of whoever
// created them, user or key. Needs auth.user.read unless every id is the
// caller's own.
func (s *Service) GetUsers(ctx context.Context, ids []uuid.UUID) ([]User, error) {
	p, ok := authz.From(ctx)
	if !ok || slices.ContainsFunc(ids, func(id uuid.UUID) bool { return p.UserID != id.String() }) {
		if err := authz.Require(ctx, PermUserRead); err != nil {
			return nil, err
		}
	}
	return s.store.usersByID(ctx, ids)
}

// Me returns the calling user. Returns UNAUTHENTICATED, or
// FAILED_PRECONDITION for an API key or a service, which are no users.
func (s *Service) Me(ctx context.Context) (User, error) {
	p, ok := authz.From(ctx)
	if !ok {
		return User{}, errs.E(errs.Unauthenticated, "authentication required")
	}
	if p.APIKey {
		return User{}, errs.E(errs.FailedPrecondition, "an API key is not a user")
	}
	if p.Service != "" {
		return User{}, errs.E(errs.FailedPrecondition, "a service is not a user")
	}
	id, err := uuid.Parse(p.UserID)
	if err != nil {
		return User{}, errs.E(errs.Unauthenticated, "token subject is malformed")
	}
	return s.GetUser(ctx, id)
}

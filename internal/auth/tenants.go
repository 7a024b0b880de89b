package auth

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Tenant statuses.
const (
	TenantActive    = "active"
	TenantSuspended = "suspended"
)

// Tenant is an organization.
type Tenant struct {
	ID        tenant.ID
	Slug      string
	Name      string
	NameBn    string
	BIN       bd.BIN
	TIN       bd.TIN
	Status    string
	Timezone  string
	Locale    string
	CreatedAt time.Time
	Version   int
}

// NewTenant is the input of CreateTenant.
type NewTenant struct {
	Slug, Name, NameBn, BIN, TIN, Timezone, Locale string
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

func (in NewTenant) validate() (Tenant, error) {
	c := &errs.Collector{}
	t := Tenant{ID: tenant.New(), Slug: strings.ToLower(strings.TrimSpace(in.Slug)), Name: strings.TrimSpace(in.Name),
		NameBn: strings.TrimSpace(in.NameBn), Status: TenantActive, Timezone: in.Timezone, Locale: in.Locale}
	c.Check(slugRE.MatchString(t.Slug), "slug", "must be 2-63 lowercase letters, digits or dashes")
	c.Check(t.Name != "" && len(t.Name) <= 200, "name", "is required (at most 200 characters)")
	if in.BIN != "" {
		b, err := bd.ParseBIN(in.BIN)
		c.Merge("", err)
		t.BIN = b
	}
	if in.TIN != "" {
		v, err := bd.ParseTIN(in.TIN)
		c.Merge("", err)
		t.TIN = v
	}
	if t.Timezone == "" {
		t.Timezone = "Asia/Dhaka"
	}
	if _, err := time.LoadLocation(t.Timezone); err != nil {
		c.Add("timezone", "must be an IANA time zone such as Asia/Dhaka")
	}
	if t.Locale == "" {
		t.Locale = "bn-BD"
	}
	c.Check(t.Locale == "bn-BD" || t.Locale == "en-BD" || t.Locale == "en", "locale", "must be bn-BD, en-BD or en")
	return t, c.Err()
}

// CreateTenant provisions a tenant. It runs as the new tenant, so the row
// passes the tenant policy without a cross-tenant path. Returns
// INVALID_ARGUMENT naming fields, CONFLICT when the slug is taken.
func (s *Service) CreateTenant(ctx context.Context, in NewTenant) (Tenant, error) {
	t, err := in.validate()
	if err != nil {
		return Tenant{}, err
	}
	err = s.db.InTenantTx(tenant.With(ctx, t.ID), func(ctx context.Context, tx *db.Tx) error {
		return s.insertTenant(ctx, tx, &t)
	})
	return t, err
}

// CreateTenantWithOwner provisions a tenant and its first owner, with
// password, in one transaction, after checking the tenant, the owner and
// the password policy: a refusal of any leaves nothing behind, never a
// tenant nobody can log in to. Owner fields are named owner.<field>.
// Returns INVALID_ARGUMENT, CONFLICT when the slug is taken.
func (s *Service) CreateTenantWithOwner(ctx context.Context, in NewTenant, owner NewUser, password string) (Tenant, User, error) {
	owner.Roles = []string{authz.RoleOwner}
	t, terr := in.validate()
	u, uerr := s.validateUser(owner)
	c := &errs.Collector{}
	c.Merge("", terr)
	c.Merge("owner", uerr)
	if uerr == nil {
		c.Merge("owner", checkPassword("password", password, u.Email))
	}
	if err := c.Err(); err != nil {
		return Tenant{}, User{}, err
	}
	h, err := s.hasher.hash(ctx, password)
	if err != nil {
		return Tenant{}, User{}, err
	}
	u.Status = UserActive
	err = s.db.InTenantTx(tenant.With(ctx, t.ID), func(ctx context.Context, tx *db.Tx) error {
		if err := s.insertTenant(ctx, tx, &t); err != nil {
			return err
		}
		return s.insertUser(ctx, tx, &u, &h, "")
	})
	return t, u, err
}

// insertTenant stores t in tx, which runs as t, and emits tenant.created.
func (s *Service) insertTenant(ctx context.Context, tx *db.Tx, t *Tenant) error {
	if err := s.store.insertTenant(ctx, tx, t); err != nil {
		return err
	}
	return s.events.Append(ctx, tx, events.Draft{Type: EventTenantCreated, Subject: t.ID.String(),
		Data: tenantEvent{TenantID: t.ID.String(), Slug: t.Slug, Name: t.Name}})
}

// SetTenantStatus suspends or reactivates tenant id. The authn cache of this
// process forgets the tenant at commit; other processes learn it from the
// event or within auth.tenant_status_ttl. Returns NOT_FOUND.
func (s *Service) SetTenantStatus(ctx context.Context, id tenant.ID, status string) (Tenant, error) {
	if status != TenantActive && status != TenantSuspended {
		return Tenant{}, errs.Field("status", "must be active or suspended")
	}
	var t Tenant
	err := s.db.InTenantTx(tenant.With(ctx, id), func(ctx context.Context, tx *db.Tx) error {
		if err := s.checkVersion(ctx, tx, "tenants", id.UUID()); err != nil {
			return err
		}
		changed, err := s.store.setTenantStatus(ctx, tx, id, status)
		if err != nil {
			return err
		}
		if t, err = s.store.tenant(ctx, tx, id); err != nil {
			return err
		}
		if !changed {
			return nil
		}
		typ := EventTenantSuspended
		if status == TenantActive {
			typ = EventTenantReactivated
		}
		tx.AfterCommit(func(context.Context) { s.tenants.Invalidate(id) })
		return s.events.Append(ctx, tx, events.Draft{Type: typ, Subject: id.String(),
			Data: tenantEvent{TenantID: id.String(), Slug: t.Slug, Name: t.Name}})
	})
	return t, err
}

// Tenant returns the caller's own tenant (a tenant sees no other).
func (s *Service) Tenant(ctx context.Context) (Tenant, error) {
	var t Tenant
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		t, err = s.store.tenant(ctx, tx, tx.Tenant())
		return err
	})
	return t, err
}

// TenantBySlug resolves a slug through the login lookup function.
// Returns NOT_FOUND.
func (s *Service) TenantBySlug(ctx context.Context, slug string) (tenant.ID, string, error) {
	return s.store.tenantBySlug(ctx, slug)
}

// lookupTenantStatus feeds the authn status cache: active unless the
// tenant is suspended or does not exist.
func (s *Service) lookupTenantStatus(ctx context.Context, id tenant.ID) (bool, error) {
	status, err := s.store.tenantStatus(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	return status == TenantActive, err
}

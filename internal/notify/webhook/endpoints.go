package webhook

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// MaxLimit is the largest page the lists return.
const MaxLimit = 200

// EndpointInput is a new endpoint.
type EndpointInput struct {
	URL         string
	Description string
	EventTypes  []string
	// Status is Active when empty.
	Status Status
}

// EndpointPatch changes an endpoint; nil fields stay.
type EndpointPatch struct {
	URL         *string
	Description *string
	EventTypes  []string // nil keeps them
	Status      *Status
}

// checkURL refuses what cannot be a receiver: anything but an absolute
// https URL (http too with AllowInsecure), credentials in the URL, which
// would show in every listing, and fragments, which never reach a server.
func (s *Service) checkURL(c *errs.Collector, raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	switch {
	case raw == "" || err != nil || u.Host == "" || !u.IsAbs():
		c.Add("url", "must be an absolute URL such as https://erp.example.com/hooks/vextrus")
	case u.Scheme != "https" && !(s.cfg.AllowInsecure && u.Scheme == "http"):
		c.Add("url", "must use https")
	case u.User != nil:
		c.Add("url", "must not carry credentials; verify the Webhook-Signature header instead")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		c.Add("url", "must not have a fragment")
	case len(raw) > 2000:
		c.Add("url", "must be at most 2000 characters")
	}
	return raw
}

func checkStatus(c *errs.Collector, st Status) {
	c.Check(st == Active || st == Paused, "status", "must be active or paused")
}

func checkDescription(c *errs.Collector, d string) string {
	d = strings.TrimSpace(d)
	c.Check(len([]rune(d)) <= 500, "description", "must be at most 500 characters")
	return d
}

// Create registers an endpoint and returns it with its secret, which is
// shown this once. Returns INVALID_ARGUMENT naming bad fields.
func (s *Service) Create(ctx context.Context, in EndpointInput) (Endpoint, string, error) {
	p, err := authz.Caller(ctx, PermWrite)
	if err != nil {
		return Endpoint{}, "", err
	}
	var c errs.Collector
	if in.Status == "" {
		in.Status = Active
	}
	e := Endpoint{ID: uuid.Must(uuid.NewV7()), URL: s.checkURL(&c, in.URL), Description: checkDescription(&c, in.Description),
		EventTypes: normalizePatterns(&c, in.EventTypes), Status: in.Status, Version: 1, CreatedBy: p.UserID}
	checkStatus(&c, in.Status)
	if err := c.Err(); err != nil {
		return Endpoint{}, "", err
	}
	e.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	e.UpdatedAt = e.CreatedAt
	secret := newSecret()
	err = s.pool.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, err := tx.Exec(ctx, `insert into notify.webhook_endpoints
			(tenant_id, id, url, description, event_types, status, secret, version, created_at, created_by, updated_at)
			values ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $8)`,
			tx.Tenant().UUID(), e.ID, e.URL, e.Description, e.EventTypes, string(e.Status), secret, e.CreatedAt, e.CreatedBy)
		return err
	})
	if err != nil {
		return Endpoint{}, "", err
	}
	return e, secret, nil
}

const endpointColumns = `id, url, description, event_types, status, version, created_at, created_by, updated_at`

func scanEndpoint(row pgx.Row) (Endpoint, error) {
	var e Endpoint
	var st string
	err := row.Scan(&e.ID, &e.URL, &e.Description, &e.EventTypes, &st, &e.Version, &e.CreatedAt, &e.CreatedBy, &e.UpdatedAt)
	e.Status = Status(st)
	return e, err
}

func notFound(id uuid.UUID) error { return errs.E(errs.NotFound, "webhook endpoint %s not found", id) }

// Get returns an endpoint. Returns NOT_FOUND, also for another tenant's.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Endpoint, error) {
	if _, err := authz.Caller(ctx, PermRead); err != nil {
		return Endpoint{}, err
	}
	var e Endpoint
	err := s.pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		e, err = scanEndpoint(tx.QueryRow(ctx, `select `+endpointColumns+` from notify.webhook_endpoints where id = $1`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound(id)
		}
		return err
	})
	return e, err
}

// List returns the tenant's endpoints, newest first.
func (s *Service) List(ctx context.Context, limit int, cursor string) ([]Endpoint, string, error) {
	if _, err := authz.Caller(ctx, PermRead); err != nil {
		return nil, "", err
	}
	limit = pageLimit(limit)
	after, afterID, err := parseCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	var out []Endpoint
	err = s.pool.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `select `+endpointColumns+` from notify.webhook_endpoints
			where $1::timestamptz is null or (created_at, id) < ($1, $2)
			order by created_at desc, id desc limit $3`, after, afterID, limit+1)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Endpoint, error) { return scanEndpoint(r) })
		return err
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = httpx.TimeCursor(last.CreatedAt, last.ID)
	}
	return out, next, nil
}

func pageLimit(limit int) int {
	if limit <= 0 {
		return 50
	}
	return min(limit, MaxLimit)
}

// parseCursor reads a TimeCursor; the empty cursor is the first page.
func parseCursor(cursor string) (*time.Time, uuid.UUID, error) {
	if cursor == "" {
		return nil, uuid.Nil, nil
	}
	at, id, err := httpx.ParseTimeCursor(cursor)
	if err != nil {
		return nil, uuid.Nil, err
	}
	return &at, id, nil
}

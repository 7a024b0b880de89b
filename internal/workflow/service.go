package workflow

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Deps are what the API half of the service needs.
type Deps struct {
	DB *db.Pool
	// Temporal must come from NewClient (propagator and interceptors).
	Temporal  client.Client
	TaskQueue string
	Chains    ChainSource
	// Directory answers department memberships and role holders; nil
	// knows no departments and cannot resolve "all" levels by role.
	Directory Directory
	Logger    *slog.Logger
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
	// Events is the outbox an approval without levels appends its
	// completed event to; nil uses the workflow outbox (events.NewOutbox).
	Events *events.Outbox
}

// Service is the workflow service's API half: it starts approvals,
// forwards decisions to their workflows as Updates, and answers the inbox.
type Service struct {
	store     *store
	temporal  client.Client
	taskQueue string
	chains    ChainSource
	directory Directory
	log       *slog.Logger
	now       func() time.Time
	outbox    *events.Outbox
}

// New returns the service.
func New(deps Deps) (*Service, error) {
	if deps.DB == nil || deps.Temporal == nil || deps.Chains == nil {
		return nil, errors.New("workflow: a database pool, a temporal client and a chain source are required")
	}
	s := &Service{store: &store{db: deps.DB}, temporal: deps.Temporal, taskQueue: deps.TaskQueue,
		chains: deps.Chains, directory: deps.Directory, log: deps.Logger, now: deps.Now, outbox: deps.Events}
	if s.outbox == nil {
		o, err := events.NewOutbox(Name)
		if err != nil {
			return nil, err
		}
		s.outbox = o
	}
	if s.taskQueue == "" {
		s.taskQueue = "vextrus-workflows"
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// idSpace namespaces approval ids derived from documents.
var idSpace = uuid.MustParse("0193a0c4-5b7e-7c3a-9d1e-6f2a8b4c0d17")

// ApprovalID is the id of the approval of a document: the same document
// of the same tenant always has the same id, which makes starting
// idempotent.
func ApprovalID(t tenant.ID, doc Document) uuid.UUID {
	return uuid.NewSHA1(idSpace, []byte(t.String()+"\x00"+doc.Service+"\x00"+doc.Type+"\x00"+doc.ID))
}

// WorkflowID is the Temporal workflow id of an approval.
func WorkflowID(id uuid.UUID) string { return "approval-" + id.String() }

var (
	decimalRE = regexp.MustCompile(`^[0-9]{1,15}(\.[0-9]+)?$`)
	nameRE    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
)

// validateDocument checks d and returns it with its amount and currency
// in canonical form. The amount is exact money: a plain non-negative decimal with no
// more decimals than its currency has minor units (two for BDT, so
// nothing below one poisha), in a currency the platform knows.
func validateDocument(d Document) (Document, error) {
	c := &errs.Collector{}
	c.Check(nameRE.MatchString(d.Service), "document.service", "must be a service name")
	c.Check(nameRE.MatchString(d.Type), "document.type", "must be a document type such as purchase_order")
	c.Check(d.ID != "" && len(d.ID) <= 200, "document.id", "is required (at most 200 characters)")
	cur, err := money.ParseCurrency(d.Currency)
	switch {
	case err != nil:
		c.Merge("document.amount", err)
	case !decimalRE.MatchString(d.Amount):
		c.Add("document.amount.amount", `must be a non-negative decimal string such as "125000.50"`)
	default:
		// Parse names its field "amount": document.amount.amount.
		amount, err := money.Parse(d.Amount, cur)
		c.Merge("document.amount", err)
		if err == nil {
			d.Amount, d.Currency = amount.Decimal(), string(cur)
		}
	}
	c.Check(len(d.Summary) <= 500, "document.summary", "is at most 500 characters")
	c.Check(len(d.Department) <= 200, "document.department", "is at most 200 characters")
	c.Check(len(d.Submitter) <= 200, "document.submitter", "is at most 200 characters")
	return d, c.Err()
}

// personCaller is caller for what only a person has: an inbox and
// delegations. A service (service:<name>) is refused.
func personCaller(ctx context.Context, perm string) (*authz.Principal, error) {
	p, err := caller(ctx, perm)
	if err == nil && p.Service != "" {
		return nil, errs.E(errs.PermissionDenied, "a service has no inbox or delegations")
	}
	return p, err
}

// caller returns the verified principal and its tenant.
func caller(ctx context.Context, perm string) (*authz.Principal, error) {
	p, err := authz.Caller(ctx, perm)
	if err != nil {
		return nil, err
	}
	if p.APIKey {
		return nil, errs.E(errs.PermissionDenied, "approvals are decided by users, not API keys")
	}
	return p, nil
}

// actor builds the facts the workflow's validators check: the token's
// user, tenant and roles, the user's departments and the delegations to
// the user active now, each narrowed to what its delegator still holds
// (current).
func (s *Service) actor(ctx context.Context, p *authz.Principal) (Actor, error) {
	a := Actor{UserID: p.UserID, Tenant: p.Tenant.String(), Roles: p.Roles}
	if p.Service != "" {
		// A service (service:<name>) has no departments and no
		// delegations; it only withdraws what it submitted.
		return a, nil
	}
	if s.directory != nil {
		m, err := s.directory.Memberships(ctx, p.UserID)
		if err != nil {
			return Actor{}, err
		}
		a.Departments = m
	}
	ds, err := s.store.delegations(ctx, p.UserID, s.now(), true)
	if err != nil {
		return Actor{}, err
	}
	for _, d := range ds {
		if !d.Active(s.now()) {
			continue
		}
		d, ok, err := s.current(ctx, d)
		if err != nil {
			return Actor{}, err
		}
		if ok {
			a.Delegations = append(a.Delegations, d)
		}
	}
	return a, nil
}

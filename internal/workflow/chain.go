package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/rules/rulesclient"
)

// ChainSource gives the approval chain of a document at start. Returns
// FAILED_PRECONDITION when no chain is defined for its type, and the
// rules engine's codes otherwise.
type ChainSource interface {
	Chain(ctx context.Context, doc Document) (Chain, error)
}

// TypeConfig is the configuration of one document type: which rule set
// gives its chain, and its escalation and expiry policy.
type TypeConfig struct {
	RuleKey string
	// EscalateTo joins the last level when its SLA passes.
	EscalateTo Approvers
	// ExpiryFactor times a level's SLA is how long after escalating it
	// expires; 0 never expires (escalation only).
	ExpiryFactor int
	// DefaultSLA is the SLA of a level the chain gives none: the
	// tenant's approval SLA setting (defaults.approvalSlaHours); 0 lets
	// such a level wait without escalating.
	DefaultSLA time.Duration
}

// Configurations are the document types with their own policy; any other
// type uses `approval.chain.<type>` with DefaultConfig's policy.
var Configurations = map[string]TypeConfig{
	// A purchase order no one decides on is stale: it expires two SLAs
	// after the finance admins were brought in.
	"purchase_order": {RuleKey: "approval.chain.purchase_order",
		EscalateTo: Approvers{Kind: ByRole, Role: "admin"}, ExpiryFactor: 2},
	// A supplier invoice must be paid or disputed, never silently dropped:
	// it escalates to the owner and does not expire.
	"invoice": {RuleKey: "approval.chain.invoice",
		EscalateTo: Approvers{Kind: ByRole, Role: "owner"}},
}

// ConfigFor returns the configuration of a document type.
func ConfigFor(docType string) TypeConfig {
	if c, ok := Configurations[docType]; ok {
		return c
	}
	return TypeConfig{RuleKey: "approval.chain." + docType, EscalateTo: Approvers{Kind: ByRole, Role: "admin"}, ExpiryFactor: 2}
}

// RuleLevel is one level as the rules engine answers it.
type RuleLevel struct {
	Role        string   `json:"role"`
	Mode        string   `json:"mode"`
	SLAHours    int      `json:"slaHours"`
	Quorum      int      `json:"quorum,omitempty"`
	Users       []string `json:"users,omitempty"`
	ExpiryHours int      `json:"expiryHours,omitempty"`
}

// DepartmentHead is the rules' role name for the head of the document's
// department.
const DepartmentHead = "department_head"

// BuildChain turns the rules' levels into a chain under cfg's policy.
// Returns INVALID_ARGUMENT for a level the workflow cannot run.
func BuildChain(cfg TypeConfig, version int, levels []RuleLevel, doc Document) (Chain, error) {
	c := Chain{RuleKey: cfg.RuleKey, Version: version, EscalateTo: cfg.EscalateTo, Levels: make([]Level, 0, len(levels))}
	col := &errs.Collector{}
	for i, rl := range levels {
		field := fmt.Sprintf("levels[%d]", i)
		lv := Level{Name: rl.Role, Mode: rl.Mode, Quorum: rl.Quorum, SLA: time.Duration(rl.SLAHours) * time.Hour}
		if lv.SLA == 0 {
			lv.SLA = cfg.DefaultSLA
		}
		if lv.Mode == "" {
			lv.Mode = ModeAny
		}
		switch {
		case len(rl.Users) > 0:
			lv.Approvers = Approvers{Kind: ByUsers, Users: rl.Users}
			if lv.Name == "" {
				lv.Name = "named approvers"
			}
		case rl.Role == DepartmentHead:
			lv.Approvers = Approvers{Kind: ByDepartment, Role: "head", Department: doc.Department}
			col.Check(doc.Department != "", "department", "is required: level %d needs the department head", i+1)
		default:
			lv.Approvers = Approvers{Kind: ByRole, Role: rl.Role}
			col.Check(rl.Role != "" || lv.Mode == ModeAuto, field+".role", "is required")
		}
		switch lv.Mode {
		case ModeAny, ModeAll, ModeAuto:
		case ModeQuorum:
			if lv.Quorum == 0 {
				lv.Quorum = 2
			}
		default:
			col.Add(field+".mode", "must be any, all, quorum or auto")
		}
		if rl.ExpiryHours > 0 {
			lv.Expiry = time.Duration(rl.ExpiryHours) * time.Hour
		} else {
			lv.Expiry = time.Duration(cfg.ExpiryFactor) * lv.SLA
		}
		c.Levels = append(c.Levels, lv)
	}
	return c, col.Err()
}

// RulesChains is the ChainSource over the rules engine's REST API.
type RulesChains struct {
	Client *svcclient.Client
	// Settings gives levels without an SLA the tenant's default; nil
	// leaves them without one.
	Settings TenantSettings
}

// TenantSettings reads a tenant's settings; *tenantsettings.Client is one.
type TenantSettings interface {
	Settings(ctx context.Context, t tenant.ID) (*tenantsettings.Settings, error)
}

// Chain evaluates `approval.chain.<type>` for doc with the caller's
// credential.
func (r RulesChains) Chain(ctx context.Context, doc Document) (Chain, error) {
	cfg := ConfigFor(doc.Type)
	if t, ok := tenant.From(ctx); ok && r.Settings != nil {
		st, err := r.Settings.Settings(ctx, t)
		if err != nil {
			return Chain{}, fmt.Errorf("tenant settings: %w", err)
		}
		cfg.DefaultSLA = time.Duration(st.Defaults.ApprovalSLAHours) * time.Hour
	}
	in := map[string]any{"amount": doc.Amount}
	if doc.Department != "" {
		in["department"] = doc.Department
	}
	// No Idempotency-Key (rulesclient sends none): a document submitted
	// again with another amount must get the chain for that amount, not a
	// conflict with its first evaluation.
	var out struct {
		Levels []RuleLevel `json:"levels"`
	}
	version, err := rulesclient.Client{HTTP: r.Client}.EvaluateInto(ctx, cfg.RuleKey, time.Time{}, in, &out)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return Chain{}, errs.E(errs.FailedPrecondition, "no approval chain %s is published", cfg.RuleKey)
		}
		return Chain{}, fmt.Errorf("evaluate %s: %w", cfg.RuleKey, err)
	}
	return BuildChain(cfg, version, out.Levels, doc)
}

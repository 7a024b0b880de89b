package tenantsettings

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// FlagDef declares a feature flag: the process knows it, and tenants
// without their own state for it get Default.
type FlagDef struct {
	Key         string `yaml:"key" json:"key"`
	Description string `yaml:"description" json:"description"`
	Default     bool   `yaml:"default" json:"default"`
}

// Rollout subjects: a percentage rollout picks users, or whole tenants.
const (
	ByUser   = "user"
	ByTenant = "tenant"
)

// FlagState is one tenant's setting of a flag.
type FlagState struct {
	// Enabled turns the flag on for RolloutPercent of the subjects.
	Enabled bool `json:"enabled"`
	// RolloutPercent is 0–100; 100 is everyone.
	RolloutPercent int `json:"rolloutPercent"`
	// RolloutBy is user or tenant: who the percentage picks. By user, the
	// same users are picked every time; by tenant, all of a tenant's users
	// or none.
	RolloutBy string `json:"rolloutBy"`
	// Killed turns the flag off for everyone at once, whatever the rest
	// says; lifting it restores the rollout exactly as it was.
	Killed bool `json:"killed"`
}

// Validate normalises an empty RolloutBy to user and names every bad field.
func (f *FlagState) Validate() error {
	var c errs.Collector
	c.Check(f.RolloutPercent >= 0 && f.RolloutPercent <= 100, "rolloutPercent", "must be 0 to 100")
	if f.RolloutBy == "" {
		f.RolloutBy = ByUser
	}
	c.Check(f.RolloutBy == ByUser || f.RolloutBy == ByTenant, "rolloutBy", "must be %s or %s", ByUser, ByTenant)
	return c.Err()
}

// On reports whether the flag key in this state is on for subject (a user
// id, or the tenant id when RolloutBy is tenant or there is no user).
func (f FlagState) On(key, tenantID, userID string) bool {
	switch {
	case f.Killed || !f.Enabled || f.RolloutPercent <= 0:
		return false
	case f.RolloutPercent >= 100:
		return true
	}
	subject := userID
	if f.RolloutBy == ByTenant || subject == "" {
		subject = tenantID
	}
	return bucket(key, subject) < uint64(f.RolloutPercent)*100
}

// bucket places subject in one of 10,000 buckets, the same one every time
// and in every process, and independently for each flag (the key is part
// of the hash), so a 10 % rollout of two flags does not pick the same
// users.
func bucket(key, subject string) uint64 {
	d := xxhash.New()
	_, _ = d.WriteString(key)
	_, _ = d.WriteString("\x00")
	_, _ = d.WriteString(subject)
	return d.Sum64() % 10000
}

// Catalog is the flags this process knows, replaced whole when the
// process configuration reloads. Safe for concurrent use.
type Catalog struct {
	defs atomic.Pointer[map[string]FlagDef]
}

// NewCatalog returns a catalog of defs.
func NewCatalog(defs ...FlagDef) (*Catalog, error) {
	c := &Catalog{}
	if err := c.Replace(defs...); err != nil {
		return nil, err
	}
	return c, nil
}

var flagKey = regexp.MustCompile(`^[a-z][a-z0-9]*([.-][a-z0-9]+)*$`)

// Replace makes defs the catalog. Returns INVALID_ARGUMENT naming a bad or
// repeated key, and then keeps the catalog it had.
func (c *Catalog) Replace(defs ...FlagDef) error {
	m := make(map[string]FlagDef, len(defs))
	var ch errs.Collector
	for _, d := range defs {
		_, dup := m[d.Key]
		ch.Check(flagKey.MatchString(d.Key) && len(d.Key) <= 64, "flags."+d.Key, "a flag key is lower case words joined by dots or dashes, e.g. finance.bangla-invoices")
		ch.Check(!dup, "flags."+d.Key, "is declared twice")
		m[d.Key] = d
	}
	if err := ch.Err(); err != nil {
		return err
	}
	c.defs.Store(&m)
	return nil
}

// Lookup returns the definition of key.
func (c *Catalog) Lookup(key string) (FlagDef, bool) {
	d, ok := (*c.defs.Load())[key]
	return d, ok
}

// Defs returns the definitions, sorted by key.
func (c *Catalog) Defs() []FlagDef {
	m := *c.defs.Load()
	return slices.SortedFunc(maps.Values(m), func(a, b FlagDef) int { return strings.Compare(a.Key, b.Key) })
}

// Known returns INVALID_ARGUMENT on field when key is not in the catalog.
func (c *Catalog) Known(field, key string) error {
	if _, ok := c.Lookup(key); !ok {
		return errs.Field(field, "%q is not a feature flag; the flags are %s", key, strings.Join(c.keys(), ", "))
	}
	return nil
}

func (c *Catalog) keys() []string { return slices.Sorted(maps.Keys(*c.defs.Load())) }

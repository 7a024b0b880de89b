package authz

import (
	"slices"
	"strings"
)

// The system roles every tenant has. Their permission sets are patterns
// over the Registry, so a permission a new service declares reaches the
// right roles without a migration.
const (
	RoleOwner      = "owner"
	RoleAdmin      = "admin"
	RoleAccountant = "accountant"
	RoleApprover   = "approver"
	RoleViewer     = "viewer"
)

// SystemRole is a role defined in code, the same in every tenant.
type SystemRole struct {
	Name        string
	Description string
	// Patterns select permissions: a pattern has two or three
	// dot-separated segments, each a name or `*`, and matches names of as
	// many segments; a leading `!` excludes what it matches.
	// A permission is granted when an including pattern matches it and no
	// excluding one does.
	Patterns []string
}

// SystemRoles lists the system roles. Owner holds everything; admin
// everything except managing the tenant itself; accountant the finance
// side and submitting approvals; approver reads and decides approvals;
// viewer only reads. All may evaluate rules (no side effects) and set
// their own notification preferences (notify.preferences.write).
var SystemRoles = []SystemRole{
	{Name: RoleOwner, Description: "Everything, including the tenant's own settings", Patterns: []string{"*.*.*", "*.*"}},
	// Admin reads the tenant's profile as every role does: a permission a
	// viewer holds and an admin lacked made admins unable to assign the
	// viewer role or reset a viewer's password.
	{Name: RoleAdmin, Description: "Everything except managing the tenant itself",
		Patterns: []string{"*.*.*", "*.*", "!auth.tenant.provision", "!auth.tenant.write"}},
	{Name: RoleAccountant, Description: "Finance, master data, orders, documents and attachments; reads everything else",
		Patterns: []string{"finance.*.*", "masterdata.*.*", "reports.*.*", "orders.*.*", "documents.*.*", "files.file.write", "*.*.read", "rules.evaluate", "workflow.approval.write", "notify.preferences.write", "!auth.*.write"}},
	{Name: RoleApprover, Description: "Reads everything and decides approvals",
		Patterns: []string{"*.*.read", "rules.evaluate", "workflow.*.approve", "workflow.*.reject", "notify.preferences.write"}},
	{Name: RoleViewer, Description: "Reads everything", Patterns: []string{"*.*.read", "rules.evaluate", "notify.preferences.write"}},
}

// SystemRoleNamed returns the system role called name.
func SystemRoleNamed(name string) (SystemRole, bool) {
	i := slices.IndexFunc(SystemRoles, func(r SystemRole) bool { return r.Name == name })
	if i < 0 {
		return SystemRole{}, false
	}
	return SystemRoles[i], true
}

// Match reports whether pattern (without a leading `!`) selects perm: as
// many segments, each equal or `*`.
func Match(pattern, perm string) bool {
	for {
		pp, prest, pmore := strings.Cut(pattern, ".")
		np, nrest, nmore := strings.Cut(perm, ".")
		if (pp != "*" && pp != np) || pmore != nmore {
			return false
		}
		if !pmore {
			return true
		}
		pattern, perm = prest, nrest
	}
}

// Grants reports whether patterns grant perm: one including pattern
// matches and no excluding one does.
func Grants(patterns []string, perm string) bool {
	granted := false
	for _, p := range patterns {
		if ex, ok := strings.CutPrefix(p, "!"); ok {
			if Match(ex, perm) {
				return false
			}
			continue
		}
		granted = granted || Match(p, perm)
	}
	return granted
}

// ValidPattern reports whether p is a permission pattern Grants understands.
func ValidPattern(p string) bool {
	p = strings.TrimPrefix(p, "!")
	parts := strings.Split(p, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, s := range parts {
		if s != "*" && !nameRE.MatchString(s+".a") {
			return false
		}
	}
	return true
}

// Expand returns the registered permissions patterns grant, into into
// (allocated when nil).
func (r *Registry) Expand(into map[string]bool, patterns ...string) map[string]bool {
	if into == nil {
		into = map[string]bool{}
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for name := range r.perms {
		if Grants(patterns, name) {
			into[name] = true
		}
	}
	return into
}

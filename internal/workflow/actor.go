package workflow

import (
	"slices"
	"time"
)

// Actor is the verified caller of a decision as the API saw it: the
// token's user, tenant and roles, the departments the directory says the
// user belongs to, and the delegations active for the user. The API builds
// it from the verified principal; the workflow trusts nothing else.
type Actor struct {
	UserID      string       `json:"userId"`
	Tenant      string       `json:"tenant"`
	Roles       []string     `json:"roles,omitempty"`
	Departments []Membership `json:"departments,omitempty"`
	// Delegations are what other users delegated to this one.
	Delegations []Delegation `json:"delegations,omitempty"`
}

// Membership is a user's place in a department; ID and Name both name it,
// since documents may carry either.
type Membership struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Head bool   `json:"head,omitempty"`
}

// Delegation hands a user's approvals to another for a period. The roles
// and departments are the delegator's when the delegation was made; an
// Actor carries them narrowed to what the delegator still holds at the
// decision (delegation.go).
type Delegation struct {
	ID          string       `json:"id"`
	From        string       `json:"from"`
	To          string       `json:"to"`
	Roles       []string     `json:"roles,omitempty"`
	Departments []Membership `json:"departments,omitempty"`
	Starts      time.Time    `json:"starts"`
	Ends        time.Time    `json:"ends"`
}

// Active reports whether d covers t.
func (d Delegation) Active(t time.Time) bool { return !t.Before(d.Starts) && t.Before(d.Ends) }

// Inbox keys name who a pending task waits for; a user's inbox is every
// row whose key is one of the user's keys (Keys).
func userKey(id string) string         { return "user:" + id }
func roleKey(role string) string       { return "role:" + role }
func deptKey(dept, role string) string { return "dept:" + dept + ":" + role }
func keysOf(a Approvers, dept string) []string {
	switch a.Kind {
	case ByRole:
		return []string{roleKey(a.Role)}
	case ByDepartment:
		d := a.Department
		if d == "" {
			d = dept
		}
		return []string{deptKey(d, a.Role)}
	case ByUsers:
		out := make([]string, len(a.Users))
		for i, u := range a.Users {
			out[i] = userKey(u)
		}
		return out
	}
	return nil
}

// identity is one set of facts someone may act on: the actor's own, or a
// delegator's.
type identity struct {
	user        string
	roles       []string
	departments []Membership
}

func (id identity) keys() []string {
	out := []string{userKey(id.user)}
	for _, r := range id.roles {
		out = append(out, roleKey(r))
	}
	for _, m := range id.departments {
		for _, name := range []string{m.ID, m.Name} {
			if name == "" {
				continue
			}
			out = append(out, deptKey(name, "member"))
			if m.Head {
				out = append(out, deptKey(name, "head"))
			}
		}
	}
	return out
}

// identities are the actor's own facts and those of the delegations
// active at t.
func (a Actor) identities(t time.Time) []identity {
	out := []identity{{user: a.UserID, roles: a.Roles, departments: a.Departments}}
	for _, d := range a.Delegations {
		if d.To == a.UserID && d.Active(t) {
			out = append(out, identity{user: d.From, roles: d.Roles, departments: d.Departments})
		}
	}
	return out
}

// Keys are the inbox keys of the actor at t, own and delegated.
func (a Actor) Keys(t time.Time) []string {
	var out []string
	for _, id := range a.identities(t) {
		out = append(out, id.keys()...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// matches reports whether one of keys is among want.
func matches(keys, want []string) bool {
	for _, k := range keys {
		if slices.Contains(want, k) {
			return true
		}
	}
	return false
}

package workflow

import (
	"context"
	"slices"
)

// A delegation records the delegator's roles and departments when it was
// made, but a delegate never acts on that record alone: at every decision
// the delegator's standing is asked of the directory again, and the
// delegate gets only what the delegator holds both then and now. A
// delegator whose approver role was revoked, who was disabled, or whom the
// directory cannot vouch for gives the delegate nothing; a role gained
// after the delegation is not passed on either, since the delegator never
// handed it over.

// current narrows d to what its delegator still holds, and reports false
// when the delegator delegates nothing now.
func (s *Service) current(ctx context.Context, d Delegation) (Delegation, bool, error) {
	if s.directory == nil {
		return d, false, nil // nothing can vouch for the delegator now
	}
	roles, active, err := s.directory.Roles(ctx, d.From)
	if err != nil || !active {
		return d, false, err
	}
	members, err := s.directory.Memberships(ctx, d.From)
	if err != nil {
		return d, false, err
	}
	d.Roles = slices.DeleteFunc(slices.Clone(d.Roles), func(r string) bool { return !slices.Contains(roles, r) })
	d.Departments = heldBoth(d.Departments, members)
	return d, true, nil
}

// heldBoth keeps the memberships of then that now still has, head only
// when head in both.
func heldBoth(then, now []Membership) []Membership {
	var out []Membership
	for _, m := range then {
		i := slices.IndexFunc(now, func(n Membership) bool { return n.ID == m.ID })
		if i < 0 {
			continue
		}
		m.Head = m.Head && now[i].Head
		out = append(out, m)
	}
	return out
}

package notify

import (
	"context"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// recipient is one addressee of a notice, resolved.
type recipient struct {
	// key is the delivery key's recipient: user:<id> or party:<id>.
	key    string
	userID string // "" for a party
	name   string
	locale string // "" uses the tenant's
	email  string
	mobile string
	// shared is true for a user reached only through a role or a
	// department (a task many hold), not named themselves: their
	// approval requests go by email and SMS in a digest (digest.go).
	shared bool
}

// resolve turns a notice's references into recipients, each once. A
// reference that names nobody (a deleted user, an unknown party) is
// skipped; a directory that cannot answer fails the event, which the
// consumer tries again.
func (s *Service) resolve(ctx context.Context, n notice) ([]recipient, error) {
	var out []recipient
	seen := map[string]bool{}
	add := func(r recipient) {
		if !seen[r.key] {
			seen[r.key] = true
			out = append(out, r)
		}
	}
	fromUser := func(u User) recipient {
		name := u.Name
		return recipient{key: "user:" + u.ID, userID: u.ID, name: name, locale: u.Locale, email: u.Email, mobile: u.Mobile}
	}
	if n.direct != nil {
		add(fromUser(*n.direct))
		return out, nil
	}
	if s.directory == nil {
		return nil, errs.E(errs.Unavailable, "notify has no directory to resolve recipients")
	}
	users := make([]userRef, 0, len(n.users))
	for _, id := range n.users {
		users = append(users, userRef{id: id})
	}
	for _, k := range n.approverKeys {
		refs, err := s.approverUsers(ctx, k)
		if err != nil {
			return nil, err
		}
		// The workflow never asks submitters to decide their own
		// documents; neither does notify.
		for _, r := range refs {
			if r.id != n.vars["SubmitterID"] {
				users = append(users, r)
			}
		}
	}
	named := map[string]bool{}
	for _, ref := range users {
		if !ref.shared {
			named[ref.id] = true
		}
	}
	for _, ref := range users {
		if seen["user:"+ref.id] {
			continue
		}
		u := ref.user
		if u == nil {
			got, err := s.directory.User(ctx, ref.id)
			if errs.Is(err, errs.NotFound) || errs.Is(err, errs.InvalidArgument) {
				continue
			}
			if err != nil {
				return nil, err
			}
			u = &got
		}
		if u.Status == "disabled" {
			continue
		}
		r := fromUser(*u)
		r.shared = ref.shared && !named[ref.id]
		add(r)
	}
	if n.customer != "" {
		p, err := s.directory.Customer(ctx, n.customer)
		switch {
		case errs.Is(err, errs.NotFound) || errs.Is(err, errs.InvalidArgument):
		case err != nil:
			return nil, err
		default:
			add(recipient{key: "party:" + p.ID, name: p.Name, email: p.Email, mobile: p.Mobile})
		}
	}
	return out, nil
}

// userRef is a user to address: known already (a role's holders come
// from the directory whole) or by id alone, to be looked up; shared
// when a role or department key named them.
type userRef struct {
	id     string
	user   *User
	shared bool
}

// approverUsers lists the users an inbox key names.
func (s *Service) approverUsers(ctx context.Context, key string) ([]userRef, error) {
	kind, rest, _ := strings.Cut(key, ":")
	switch kind {
	case "user":
		return []userRef{{id: rest}}, nil
	case "role":
		us, err := s.directory.UsersWithRole(ctx, rest)
		if err != nil {
			return nil, err
		}
		refs := make([]userRef, len(us))
		for i := range us {
			refs[i] = userRef{id: us[i].ID, user: &us[i], shared: true}
		}
		return refs, nil
	case "dept":
		i := strings.LastIndex(rest, ":")
		if i < 0 {
			return nil, nil
		}
		ids, err := s.directory.DepartmentMembers(ctx, rest[:i], rest[i+1:] == "head")
		refs := make([]userRef, len(ids))
		for j, id := range ids {
			refs[j] = userRef{id: id, shared: true}
		}
		return refs, err
	}
	return nil, nil
}

// submitterName names the submitter of an approval for the message, or
// "" when the directory does not know them.
func (s *Service) submitterName(ctx context.Context, id string) string {
	if id == "" || s.directory == nil {
		return ""
	}
	u, err := s.directory.User(ctx, id)
	if err != nil {
		return ""
	}
	return u.Name
}

package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// GetActors is GetUsers over actor ids as records and events name them
// (authz.Actor): a user's or API key's UUID, or `service:<name>` for a
// platform service that acted with a service credential, answered as a
// User with Service set, ACTIVE and without email or roles. The answer is
// in the order of ids; an unknown UUID gives the zero User there. Needs
// auth.user.read unless ids name only the caller. Returns
// INVALID_ARGUMENT (field id) for an id that is neither.
func (s *Service) GetActors(ctx context.Context, ids []string) ([]User, error) {
	out := make([]User, len(ids))
	var uids []uuid.UUID
	var at []int
	for i, id := range ids {
		if name, ok := strings.CutPrefix(id, authz.ServiceSubjectPrefix); ok && serviceNameRE.MatchString(name) {
			out[i] = User{Name: name, Status: UserActive, Roles: []string{}, Service: name}
			continue
		}
		u, err := uuid.Parse(id)
		if err != nil {
			return nil, errs.Field("id", "must be a UUID or service:<name>")
		}
		uids, at = append(uids, u), append(at, i)
	}
	if p, ok := authz.From(ctx); !ok || slices.ContainsFunc(ids, func(id string) bool { return p.UserID != id }) {
		if err := authz.Require(ctx, PermUserRead); err != nil {
			return nil, err
		}
	}
	if len(uids) == 0 {
		return out, nil
	}
	users, err := s.GetUsers(ctx, uids)
	if err != nil {
		return nil, err
	}
	for j, u := range users {
		out[at[j]] = u
	}
	return out, nil
}

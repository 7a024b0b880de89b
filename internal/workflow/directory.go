package workflow

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Directory answers who is who in a tenant: the departments a user
// belongs to (to qualify department-role approvers) and the holders of a
// role or department role (to resolve "all" levels at start).
type Directory interface {
	// Memberships returns the departments of user.
	Memberships(ctx context.Context, user string) ([]Membership, error)
	// Holders lists the users a names. Returns PERMISSION_DENIED when the
	// caller may not read users.
	Holders(ctx context.Context, a Approvers) ([]string, error)
	// Roles returns user's roles now, and whether the user is active.
	Roles(ctx context.Context, user string) (roles []string, active bool, err error)
}

// AuthDirectory is the Directory over the auth service's REST API, called
// with the caller's credential.
type AuthDirectory struct {
	Client *svcclient.Client
}

type departmentsAnswer struct {
	Items []struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Members []struct {
			UserID string `json:"userId"`
			Head   bool   `json:"head"`
		} `json:"members"`
	} `json:"items"`
}

func (d AuthDirectory) departments(ctx context.Context) (departmentsAnswer, error) {
	var ans departmentsAnswer
	err := d.Client.Do(ctx, http.MethodGet, "/api/v1/auth/departments", nil, &ans)
	return ans, err
}

// Memberships reads the tenant's departments and keeps those of user. A
// caller who may not read departments belongs to none as far as the
// workflow knows.
func (d AuthDirectory) Memberships(ctx context.Context, user string) ([]Membership, error) {
	ans, err := d.departments(ctx)
	if errs.Is(err, errs.PermissionDenied) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("departments: %w", err)
	}
	var out []Membership
	for _, dep := range ans.Items {
		for _, m := range dep.Members {
			if m.UserID == user {
				out = append(out, Membership{ID: dep.ID, Name: dep.Name, Head: m.Head})
			}
		}
	}
	return out, nil
}

// Roles reads user from auth. A user the caller may not read, or that
// does not exist, is inactive with no roles: the workflow never acts on
// a standing it cannot see.
func (d AuthDirectory) Roles(ctx context.Context, user string) ([]string, bool, error) {
	var ans struct {
		Status string   `json:"status"`
		Roles  []string `json:"roles"`
	}
	err := d.Client.Do(ctx, http.MethodGet, "/api/v1/auth/users/"+url.PathEscape(user), nil, &ans)
	if errs.Is(err, errs.PermissionDenied) || errs.Is(err, errs.NotFound) || errs.Is(err, errs.InvalidArgument) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("user %s: %w", user, err)
	}
	return ans.Roles, ans.Status == "active", nil
}

// Holders lists role holders (active users) or department members/heads.
func (d AuthDirectory) Holders(ctx context.Context, a Approvers) ([]string, error) {
	switch a.Kind {
	case ByUsers:
		return a.Users, nil
	case ByDepartment:
		ans, err := d.departments(ctx)
		if err != nil {
			return nil, fmt.Errorf("departments: %w", err)
		}
		var out []string
		for _, dep := range ans.Items {
			if dep.ID != a.Department && dep.Name != a.Department {
				continue
			}
			for _, m := range dep.Members {
				if a.Role != "head" || m.Head {
					out = append(out, m.UserID)
				}
			}
		}
		return out, nil
	}
	var ans struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	q := url.Values{"role": {a.Role}, "status": {"active"}, "limit": {"200"}}
	if err := d.Client.Do(ctx, http.MethodGet, "/api/v1/auth/users?"+q.Encode(), nil, &ans); err != nil {
		return nil, fmt.Errorf("users with role %s: %w", a.Role, err)
	}
	out := make([]string, len(ans.Items))
	for i, u := range ans.Items {
		out[i] = u.ID
	}
	return out, nil
}

package notify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// RemoteDirectory is the Directory over auth's and master data's REST
// APIs, in process or over HTTP, called with the context's credential:
// notify's service credential holds auth.user.read,
// auth.department.read and masterdata.customer.read.
type RemoteDirectory struct {
	Auth       *svcclient.Client
	Masterdata *svcclient.Client
}

// User reads one user.
func (d RemoteDirectory) User(ctx context.Context, id string) (User, error) {
	var u User
	if err := d.Auth.Do(ctx, http.MethodGet, "/api/v1/auth/users/"+url.PathEscape(id), nil, &u); err != nil {
		return User{}, fmt.Errorf("user %s: %w", id, err)
	}
	return u, nil
}

// UsersWithRole lists the active holders of role, at most 500.
func (d RemoteDirectory) UsersWithRole(ctx context.Context, role string) ([]User, error) {
	var out []User
	cursor := ""
	for len(out) < 500 {
		q := url.Values{"role": {role}, "status": {"active"}, "limit": {"100"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct {
			Items      []User `json:"items"`
			NextCursor string `json:"nextCursor"`
		}
		if err := d.Auth.Do(ctx, http.MethodGet, "/api/v1/auth/users?"+q.Encode(), nil, &page); err != nil {
			return nil, fmt.Errorf("users with role %s: %w", role, err)
		}
		out = append(out, page.Items...)
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	return out, nil
}

// DepartmentMembers reads the tenant's departments and keeps the members
// of department.
func (d RemoteDirectory) DepartmentMembers(ctx context.Context, department string, headsOnly bool) ([]string, error) {
	var ans struct {
		Items []struct {
			ID      string `json:"id"`
			Name    string `json:"name"`
			Members []struct {
				UserID string `json:"userId"`
				Head   bool   `json:"head"`
			} `json:"members"`
		} `json:"items"`
	}
	if err := d.Auth.Do(ctx, http.MethodGet, "/api/v1/auth/departments", nil, &ans); err != nil {
		return nil, fmt.Errorf("departments: %w", err)
	}
	var out []string
	for _, dep := range ans.Items {
		if dep.ID != department && dep.Name != department {
			continue
		}
		for _, m := range dep.Members {
			if !headsOnly || m.Head {
				out = append(out, m.UserID)
			}
		}
	}
	return out, nil
}

// Customer reads one customer.
func (d RemoteDirectory) Customer(ctx context.Context, id string) (Party, error) {
	var p Party
	if err := d.Masterdata.Do(ctx, http.MethodGet, "/api/v1/masterdata/customers/"+url.PathEscape(id), nil, &p); err != nil {
		return Party{}, fmt.Errorf("customer %s: %w", id, err)
	}
	return p, nil
}

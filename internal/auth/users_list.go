package auth

import (
	"context"
	"encoding/base64"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// UserFilter narrows ListUsers.
type UserFilter struct {
	Status string
	// Search matches email or name, case-insensitively.
	Search string
	Role   string
	Limit  int
	// Cursor is the NextCursor of the previous page.
	Cursor string
}

// UserPage is one page of users in creation order.
type UserPage struct {
	Items      []User
	NextCursor string
}

// MaxPage bounds list pages.
const MaxPage = 200

// ListUsers lists the caller's tenant's users. Needs auth.user.read.
// Returns INVALID_ARGUMENT for a bad status, limit or cursor.
func (s *Service) ListUsers(ctx context.Context, f UserFilter) (UserPage, error) {
	if err := authz.Require(ctx, PermUserRead); err != nil {
		return UserPage{}, err
	}
	c := &errs.Collector{}
	if f.Limit == 0 {
		f.Limit = 50
	}
	c.Check(f.Limit > 0 && f.Limit <= MaxPage, "limit", "must be between 1 and %d", MaxPage)
	c.Check(f.Status == "" || f.Status == UserInvited || f.Status == UserActive || f.Status == UserDisabled,
		"status", "must be invited, active or disabled")
	after := uuid.Nil
	if f.Cursor != "" {
		raw, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err == nil {
			after, err = uuid.FromBytes(raw)
		}
		c.Check(err == nil, "cursor", "is not a cursor this API returned")
	}
	if err := c.Err(); err != nil {
		return UserPage{}, err
	}
	var page UserPage
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, "select "+userColumns+` from auth.users u
			where u.id > $1 and ($2 = '' or u.status = $2)
			  and ($3 = '' or strpos(lower(u.email), $3) > 0 or strpos(lower(u.name), $3) > 0)
			  and ($4 = '' or exists (select 1 from auth.user_roles r where r.user_id = u.id and r.role = $4))
			order by u.id limit $5`, after, f.Status, strings.ToLower(strings.TrimSpace(f.Search)), f.Role, f.Limit+1)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, u)
		}
		return rows.Err()
	})
	if err != nil {
		return UserPage{}, err
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		page.NextCursor = UserCursor(page.Items[f.Limit-1].ID)
	}
	if page.Items == nil {
		page.Items = []User{}
	}
	return page, nil
}

// UserCursor is the cursor that resumes a listing after user id.
func UserCursor(id uuid.UUID) string { return base64.RawURLEncoding.EncodeToString(id[:]) }

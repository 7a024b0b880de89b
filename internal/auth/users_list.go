package auth

import (
	"context"
	"encoding/base64"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
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
	items, err := s.store.listUsers(ctx, after, f)
	page.Items = items
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

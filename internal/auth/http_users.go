package auth

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

func (h *restAPI) listUsers(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := UserFilter{Status: q.String("status"), Search: q.String("q"), Role: q.String("role"), Cursor: q.Cursor(),
		Limit: q.Limit(0, MaxPage)}
	if err := q.Err(); err != nil {
		return err
	}
	page, err := h.s.ListUsers(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, httpx.PageOf(page.Items, toUserJSON, page.NextCursor))
}

func (h *restAPI) getUser(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.s.GetUser(r.Context(), id)
	if err != nil || httpx.NotModified(w, r, u.Version) {
		return err
	}
	return userAnswer(w, u)
}

func (h *restAPI) invite(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email  string   `json:"email"`
		Name   string   `json:"name"`
		NameBn string   `json:"nameBn"`
		Mobile string   `json:"mobile"`
		Roles  []string `json:"roles"`
		Locale string   `json:"locale"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	inv, err := h.s.InviteUser(r.Context(), NewUser(in))
	if err != nil {
		return err
	}
	return created(w, Base+"/users/"+inv.User.ID.String(), map[string]any{
		"user": toUserJSON(inv.User), "inviteToken": inv.Token, "expiresAt": inv.ExpiresAt.UTC()})
}

func (h *restAPI) assignRole(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Role string `json:"role"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	cond := httpx.IfMatch(r)
	u, err := h.s.AssignRole(withPrecondition(r.Context(), cond), id, in.Role)
	if err != nil {
		return cond.Err(err)
	}
	return userAnswer(w, u)
}

func (h *restAPI) revokeRole(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond := httpx.IfMatch(r)
	u, err := h.s.RevokeRole(withPrecondition(r.Context(), cond), id, r.PathValue("role"))
	if err != nil {
		return cond.Err(err)
	}
	return userAnswer(w, u)
}

func (h *restAPI) issueReset(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond := httpx.IfMatch(r)
	tok, exp, err := h.s.IssuePasswordReset(withPrecondition(r.Context(), cond), id)
	if err != nil {
		return cond.Err(err)
	}
	return created(w, "", map[string]any{"resetToken": tok, "expiresAt": exp.UTC()})
}

func (h *restAPI) roles(w http.ResponseWriter, r *http.Request) error {
	roles, err := h.s.Roles(r.Context())
	if err != nil {
		return err
	}
	return ok(w, httpx.PageOf(roles, toRoleJSON, ""))
}

func (h *restAPI) createRole(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Permissions []string `json:"permissions"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	role, err := h.s.CreateRole(r.Context(), in.Name, in.Description, in.Permissions)
	if err != nil {
		return err
	}
	return created(w, "", toRoleJSON(role))
}

func (h *restAPI) permissions(w http.ResponseWriter, r *http.Request) error {
	if err := authz.Require(r.Context(), PermRoleRead); err != nil {
		return err
	}
	type permJSON struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	}
	return ok(w, httpx.PageOf(h.s.registry.All(), func(p authz.Permission) permJSON { return permJSON(p) }, ""))
}

func (h *restAPI) mySessions(w http.ResponseWriter, r *http.Request) error {
	p, ok := authz.From(r.Context())
	if !ok {
		return errs.E(errs.Unauthenticated, "authentication required")
	}
	id, err := uuid.Parse(p.UserID)
	if err != nil || p.APIKey {
		return errs.E(errs.FailedPrecondition, "an API key has no sessions")
	}
	return h.sessionsOf(w, r, id)
}

func (h *restAPI) userSessions(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.sessionsOf(w, r, id)
}

func (h *restAPI) sessionsOf(w http.ResponseWriter, r *http.Request, userID uuid.UUID) error {
	list, err := h.s.Sessions(r.Context(), userID)
	if err != nil {
		return err
	}
	return ok(w, httpx.PageOf(list, toSessionJSON, ""))
}

func (h *restAPI) revokeSession(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		UserID string `json:"userId"`
	}
	if err := httpx.DecodeOptionalJSON(r, &in); err != nil {
		return err
	}
	p, _ := authz.From(r.Context())
	owner := in.UserID
	if owner == "" && p != nil {
		owner = p.UserID
	}
	uid, err := uuid.Parse(owner)
	if err != nil {
		return errs.Field("userId", "must be a UUID")
	}
	if err := h.s.RevokeSession(r.Context(), uid, id); err != nil {
		return err
	}
	return noContent(w)
}

func (h *restAPI) listAPIKeys(w http.ResponseWriter, r *http.Request) error {
	keys, err := h.s.ListAPIKeys(r.Context())
	if err != nil {
		return err
	}
	return ok(w, httpx.PageOf(keys, toAPIKeyJSON, ""))
}

func (h *restAPI) createAPIKey(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name        string     `json:"name"`
		Permissions []string   `json:"permissions"`
		ExpiresAt   *time.Time `json:"expiresAt"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	k, secret, err := h.s.CreateAPIKey(r.Context(), in.Name, in.Permissions, in.ExpiresAt)
	if err != nil {
		return err
	}
	out := toAPIKeyJSON(k)
	out.Key = secret
	w.Header().Set("Cache-Control", "no-store")
	return created(w, "", out)
}

func (h *restAPI) revokeAPIKey(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.s.RevokeAPIKey(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (h *restAPI) departments(w http.ResponseWriter, r *http.Request) error {
	list, err := h.s.Departments(r.Context())
	if err != nil {
		return err
	}
	return ok(w, httpx.PageOf(list, toDepartmentJSON, ""))
}

func (h *restAPI) createDepartment(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	d, err := h.s.CreateDepartment(r.Context(), in.Name)
	if err != nil {
		return err
	}
	return created(w, "", toDepartmentJSON(d))
}

func (h *restAPI) setMember(w http.ResponseWriter, r *http.Request) error {
	dept, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	user, err := httpx.PathID(r, "userId")
	if err != nil {
		return err
	}
	var in struct {
		Head bool `json:"head"`
	}
	if err := httpx.DecodeOptionalJSON(r, &in); err != nil {
		return err
	}
	cond := httpx.IfMatch(r)
	if err := h.s.SetMember(withPrecondition(r.Context(), cond), dept, user, in.Head); err != nil {
		return cond.Err(err)
	}
	return noContent(w)
}

func (h *restAPI) removeMember(w http.ResponseWriter, r *http.Request) error {
	dept, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	user, err := httpx.PathID(r, "userId")
	if err != nil {
		return err
	}
	cond := httpx.IfMatch(r)
	if err := h.s.RemoveMember(withPrecondition(r.Context(), cond), dept, user); err != nil {
		return cond.Err(err)
	}
	return noContent(w)
}

// userAnswer answers a user with its ETag.
func userAnswer(w http.ResponseWriter, u User) error {
	httpx.SetETag(w, u.Version)
	return ok(w, toUserJSON(u))
}

package auth

import (
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func (h *restAPI) login(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Tenant   string `json:"tenant"`
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	pair, err := h.s.Login(r.Context(), LoginInput{Tenant: in.Tenant, Email: in.Email, Password: in.Password,
		ClientIP: ClientIP(r), UserAgent: r.UserAgent()})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return ok(w, pair)
}

func (h *restAPI) refresh(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		RefreshToken string `json:"refreshToken"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.RefreshToken == "" {
		return errs.Field("refreshToken", "is required")
	}
	pair, err := h.s.Refresh(r.Context(), in.RefreshToken)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return ok(w, pair)
}

func (h *restAPI) logout(w http.ResponseWriter, r *http.Request) error {
	if err := h.s.Logout(r.Context()); err != nil {
		return err
	}
	return noContent(w)
}

func (h *restAPI) me(w http.ResponseWriter, r *http.Request) error {
	u, err := h.s.Me(r.Context())
	if err != nil {
		return err
	}
	return ok(w, toUserJSON(u))
}

func (h *restAPI) tenant(w http.ResponseWriter, r *http.Request) error {
	t, err := h.s.Tenant(r.Context())
	if err != nil || httpx.NotModified(w, r, t.Version) {
		return err
	}
	httpx.SetETag(w, t.Version)
	return ok(w, toTenantJSON(t))
}

// platformAdmin allows tenant provisioning to holders of
// auth.tenant.provision in the platform tenant only.
func (h *restAPI) platformAdmin(r *http.Request) error {
	if err := authz.Require(r.Context(), PermTenantProvision); err != nil {
		return err
	}
	p, _ := authz.From(r.Context())
	id, _, err := h.s.TenantBySlug(r.Context(), h.s.cfg.PlatformTenant)
	if err != nil || id != p.Tenant {
		return errs.E(errs.PermissionDenied, "only platform administrators (tenant %s) manage tenants", h.s.cfg.PlatformTenant)
	}
	return nil
}

func (h *restAPI) createTenant(w http.ResponseWriter, r *http.Request) error {
	if err := h.platformAdmin(r); err != nil {
		return err
	}
	var in struct {
		Slug     string `json:"slug"`
		Name     string `json:"name"`
		NameBn   string `json:"nameBn"`
		BIN      string `json:"bin"`
		TIN      string `json:"tin"`
		Timezone string `json:"timezone"`
		Locale   string `json:"locale"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := h.s.CreateTenant(r.Context(), NewTenant(in))
	if err != nil {
		return err
	}
	return created(w, "", toTenantJSON(t))
}

func (h *restAPI) tenantStatus(status string) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := h.platformAdmin(r); err != nil {
			return err
		}
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		cond := httpx.IfMatch(r)
		t, err := h.s.SetTenantStatus(withPrecondition(r.Context(), cond), tenant.ID(id), status)
		if err != nil {
			return cond.Err(err)
		}
		httpx.SetETag(w, t.Version)
		return ok(w, toTenantJSON(t))
	}
}

func (h *restAPI) useToken(tokenField, passwordField string) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in map[string]string
		if err := httpx.DecodeJSON(r, &in); err != nil {
			return err
		}
		c := &errs.Collector{}
		for k := range in {
			c.Check(k == tokenField || k == passwordField, k, "is not a known field")
		}
		c.Check(in[tokenField] != "", tokenField, "is required")
		c.Check(in[passwordField] != "", passwordField, "is required")
		if err := c.Err(); err != nil {
			return err
		}
		err := h.s.UseToken(r.Context(), in[tokenField], in[passwordField])
		if fe := errs.As(err); fe.Code == errs.InvalidArgument && len(fe.Fields) == 1 {
			fe.Fields[0].Field = passwordField
		}
		if err != nil {
			return err
		}
		return noContent(w)
	}
}

func (h *restAPI) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		CurrentPassword string `json:"currentPassword"`
		NewPassword     string `json:"newPassword"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := h.s.ChangePassword(r.Context(), in.CurrentPassword, in.NewPassword); err != nil {
		return err
	}
	return noContent(w)
}

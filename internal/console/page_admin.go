package console

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

const (
	authAPI     = "/api/v1/auth/"
	settingsAPI = "/api/v1/settings/tenant"
)

func (c *Console) adminRoutes() {
	m := c.mux
	m.Handle("GET "+Prefix+"/admin/settings", c.page(c.tenantSettings))
	m.Handle("POST "+Prefix+"/admin/settings", c.page(c.saveTenantSettings))
	m.Handle("GET "+Prefix+"/admin/users", c.page(c.users))
	m.Handle("POST "+Prefix+"/admin/users", c.page(c.inviteUser))
	m.Handle("GET "+Prefix+"/admin/users/{id}", c.page(c.user))
	m.Handle("POST "+Prefix+"/admin/users/{id}/roles", c.page(c.assignRole))
	m.Handle("POST "+Prefix+"/admin/users/{id}/roles/{role}/revoke", c.page(c.revokeRole))
	m.Handle("GET "+Prefix+"/admin/roles", c.page(c.roles))
}

// settingsFields are the tenant settings the screen edits, by their
// path in the settings document; the rest of the document (numbering,
// defaults) is sent back as it was read.
var settingsFields = []struct{ Path, Label, Type string }{
	{"company.legalName", "settings.legal_name", ""},
	{"company.legalNameBn", "settings.legal_name_bn", ""},
	{"company.bin", "party.bin", ""},
	{"company.tin", "party.tin", ""},
	{"company.vatCircle", "settings.vat_circle", ""},
	{"company.vatDivision", "settings.vat_division", ""},
	{"timezone", "settings.timezone", ""},
	{"fiscalYearStartMonth", "settings.fiscal_year_start", "number"},
	{"locale", "settings.locale", ""},
	{"numberGrouping", "settings.number_grouping", ""},
}

// tenantSettings shows the tenant's settings in their form.
func (c *Console) tenantSettings(w http.ResponseWriter, r *http.Request) error {
	var doc Record
	if err := c.API(r, c.svc.Settings, http.MethodGet, settingsAPI, nil, &doc); err != nil {
		return err
	}
	v := url.Values{"version": {doc.Str("version")}}
	for _, f := range settingsFields {
		v.Set(f.Path, doc.Str(f.Path))
	}
	c.Render(w, r, http.StatusOK, "settings.title", SettingsPage(NewForm(Href("admin", "settings"), v, nil), doc))
	return nil
}

// saveTenantSettings replaces the document at the version the form was
// opened at (If-Match), with the reason the settings service records.
func (c *Console) saveTenantSettings(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	var doc Record
	err := c.API(r, c.svc.Settings, http.MethodGet, settingsAPI, nil, &doc)
	if err != nil {
		return err
	}
	ce := &errs.Collector{}
	for _, fd := range settingsFields {
		val := any(strings.TrimSpace(f.Get(fd.Path)))
		if fd.Type == "number" {
			n, err := strconv.Atoi(val.(string))
			ce.Check(err == nil, fd.Path, "%s", T(r.Context(), "settings.whole_number"))
			val = n
		}
		doc.set(fd.Path, val)
	}
	doc["reason"] = f.Get("reason")
	err = ce.Err()
	if err == nil {
		err = c.API(r, c.svc.Settings, http.MethodPut, settingsAPI, doc, nil, svcclient.Header("If-Match", `"`+f.Get("version")+`"`))
	}
	if err != nil {
		if errs.Is(err, errs.FailedPrecondition) {
			err = errs.E(errs.FailedPrecondition, "%s", T(r.Context(), "form.stale"))
		}
		return c.formFailed(w, r, err, "settings.title", SettingsPage(NewForm(Href("admin", "settings"), f, err), doc))
	}
	Redirect(w, r, Href("admin", "settings"))
	return nil
}

// set puts v at a dotted path, making the objects on the way.
func (r Record) set(path string, v any) {
	cur := map[string]any(r)
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[k] = next
		}
		cur = next
	}
	cur[keys[len(keys)-1]] = v
}

// userJSON is what the console reads of auth's users.
type userJSON struct {
	ID      string   `json:"id"`
	Email   string   `json:"email"`
	Name    string   `json:"name"`
	Status  string   `json:"status"`
	Roles   []string `json:"roles"`
	Version int      `json:"version"`
}

// roleJSON is what the console reads of auth's roles.
type roleJSON struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	System      bool     `json:"system"`
	Permissions []string `json:"permissions"`
}

// users lists the tenant's users with search, and the invitation form.
func (c *Console) users(w http.ResponseWriter, r *http.Request) error {
	return c.showUsers(w, r, http.StatusOK, NewForm(Href("admin", "users"), nil, nil), "")
}

func (c *Console) showUsers(w http.ResponseWriter, r *http.Request, status int, invite *Form, invited string) error {
	l := ListOf(r)
	var page httpx.Page[userJSON]
	if err := c.API(r, c.svc.Auth, http.MethodGet, authAPI+"users?"+l.API("q", "status", "role"), nil, &page); err != nil {
		return err
	}
	t := Table{Caption: "users.caption", List: l, Columns: []Column{{Label: "user.name"}, {Label: "user.email"},
		{Label: "user.status"}, {Label: "user.roles"}}}
	for _, u := range page.Items {
		t.Rows = append(t.Rows, Row{Link(Href("admin", "users", u.ID), u.Name), Text(u.Email), Status(u.Status), Text(strings.Join(u.Roles, ", "))})
	}
	if page.NextCursor != nil {
		t.Next = *page.NextCursor
	}
	c.Render(w, r, status, "users.title", UsersPage(NewForm(l.Path, l.Values, nil), t, invite, invited))
	return nil
}

// inviteUser invites a user with roles; auth mails the invitation.
func (c *Console) inviteUser(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	var roles []string
	for _, s := range strings.Split(f.Get("roles"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			roles = append(roles, s)
		}
	}
	in := map[string]any{"email": strings.TrimSpace(f.Get("email")), "name": strings.TrimSpace(f.Get("name")), "roles": roles,
		"locale": f.Get("locale")}
	if err := c.API(r, c.svc.Auth, http.MethodPost, authAPI+"invites", in, nil); err != nil {
		switch errs.CodeOf(err) {
		case errs.InvalidArgument, errs.Conflict, errs.FailedPrecondition, errs.PermissionDenied:
			return c.showUsers(w, r, errs.Public(err).HTTPStatus(), NewForm(Href("admin", "users"), f, err), "")
		}
		return err
	}
	return c.showUsers(w, r, http.StatusOK, NewForm(Href("admin", "users"), nil, nil), in["email"].(string))
}

// user shows a user's roles with the forms to add and remove them.
func (c *Console) user(w http.ResponseWriter, r *http.Request) error {
	return c.showUser(w, r, http.StatusOK, nil)
}

func (c *Console) showUser(w http.ResponseWriter, r *http.Request, status int, err error) error {
	var u userJSON
	if err := c.API(r, c.svc.Auth, http.MethodGet, authAPI+"users/"+url.PathEscape(r.PathValue("id")), nil, &u); err != nil {
		return err
	}
	var roles httpx.Page[roleJSON]
	_ = c.API(r, c.svc.Auth, http.MethodGet, authAPI+"roles", nil, &roles) // without auth.role.read: no choices
	f := NewForm(Href("admin", "users", u.ID, "roles"), r.PostForm, err)
	c.Render(w, r, status, "user.title", UserPage(u, roles.Items, f))
	return nil
}

// assignRole gives the user a role at the version the page showed.
func (c *Console) assignRole(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	err := c.API(r, c.svc.Auth, http.MethodPost, authAPI+"users/"+url.PathEscape(id)+"/roles", map[string]string{"role": r.PostFormValue("role")},
		nil, svcclient.Header("If-Match", `"`+r.PostFormValue("version")+`"`))
	return c.afterRoleChange(w, r, id, err)
}

// revokeRole takes a role from the user.
func (c *Console) revokeRole(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	err := c.API(r, c.svc.Auth, http.MethodDelete, authAPI+"users/"+url.PathEscape(id)+"/roles/"+url.PathEscape(r.PathValue("role")),
		nil, nil, svcclient.Header("If-Match", `"`+r.PostFormValue("version")+`"`))
	return c.afterRoleChange(w, r, id, err)
}

func (c *Console) afterRoleChange(w http.ResponseWriter, r *http.Request, id string, err error) error {
	if err != nil {
		switch errs.CodeOf(err) {
		case errs.FailedPrecondition:
			return c.showUser(w, r, http.StatusPreconditionFailed, errs.E(errs.FailedPrecondition, "%s", T(r.Context(), "form.stale")))
		case errs.InvalidArgument, errs.Conflict, errs.PermissionDenied:
			return c.showUser(w, r, errs.Public(err).HTTPStatus(), err)
		}
		return err
	}
	Redirect(w, r, Href("admin", "users", id))
	return nil
}

// roles lists the tenant's roles and what each allows.
func (c *Console) roles(w http.ResponseWriter, r *http.Request) error {
	var roles httpx.Page[roleJSON]
	if err := c.API(r, c.svc.Auth, http.MethodGet, authAPI+"roles", nil, &roles); err != nil {
		return err
	}
	c.Render(w, r, http.StatusOK, "roles.title", RolesPage(roles.Items))
	return nil
}

// roleOptions are the roles a user does not hold yet.
func roleOptions(roles []roleJSON, held []string) []Option {
	var out []Option
	for _, r := range roles {
		if !slices.Contains(held, r.Name) {
			out = append(out, Option{Value: r.Name, Label: r.Name, Raw: true})
		}
	}
	return out
}

package console

import (
	"github.com/a-h/templ"
	"net/http"
	"net/url"
	"strconv"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

const masterdataAPI = "/api/v1/masterdata/"

func (c *Console) masterdataRoutes() {
	for i := range resources {
		res := &resources[i]
		base := Prefix + "/" + res.Kind
		c.mux.Handle("GET "+base, c.page(c.list(res)))
		c.mux.Handle("GET "+base+"/new", c.page(c.newRecord(res)))
		c.mux.Handle("POST "+base, c.page(c.create(res)))
		c.mux.Handle("GET "+base+"/import", c.page(c.importForm(res)))
		c.mux.Handle("POST "+base+"/import", c.page(c.importCSV(res)))
		c.mux.Handle("GET "+base+"/{id}", c.page(c.edit(res)))
		c.mux.Handle("POST "+base+"/{id}", c.page(c.update(res)))
		c.mux.Handle("POST "+base+"/{id}/archive", c.page(c.archive(res)))
	}
}

// list is a resource's search and list, keyset-paged.
func (c *Console) list(res *Resource) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		l := ListOf(r)
		var page httpx.Page[Record]
		if err := c.API(r, c.svc.Masterdata, http.MethodGet, masterdataAPI+res.Kind+"?"+l.API(paths(res.Filters)...), nil, &page); err != nil {
			return err
		}
		t := Table{Caption: res.Key + ".title", Columns: res.Columns, List: l}
		for _, rec := range page.Items {
			t.Rows = append(t.Rows, res.Cells(rec))
		}
		if page.NextCursor != nil {
			t.Next = *page.NextCursor
		}
		filters := NewForm(l.Path, l.Values, nil)
		c.Render(w, r, http.StatusOK, res.Key+".title", ResourceList(res, filters, t))
		return nil
	}
}

func (c *Console) newRecord(res *Resource) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c.Render(w, r, http.StatusOK, res.Key+".new", ResourceForm(res, NewForm(Href(res.Kind), nil, nil), nil))
		return nil
	}
}

// create posts the form; the API's field errors come back beside their
// inputs (422).
func (c *Console) create(res *Resource) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		body, err := Body(r.PostForm, res.Fields, false)
		var made Record
		if err == nil {
			err = c.API(r, c.svc.Masterdata, http.MethodPost, masterdataAPI+res.Kind, body, &made)
		}
		if err != nil {
			return c.formFailed(w, r, err, res.Key+".new", ResourceForm(res, NewForm(Href(res.Kind), r.PostForm, err), nil))
		}
		Redirect(w, r, Href(res.Kind, made.Str("id")))
		return nil
	}
}

// edit shows a record in its form, with its version for the check.
func (c *Console) edit(res *Resource) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var rec Record
		if err := c.API(r, c.svc.Masterdata, http.MethodGet, masterdataAPI+res.Kind+"/"+url.PathEscape(r.PathValue("id")), nil, &rec); err != nil {
			return err
		}
		f := NewForm(Href(res.Kind, rec.Str("id")), rec.Values(res.Fields), nil)
		f.Values.Set("version", rec.Str("version"))
		c.Render(w, r, http.StatusOK, res.Key+".edit", ResourceForm(res, f, rec))
		return nil
	}
}

// update patches with If-Match: the version the form was opened at, so
// a change made meanwhile by someone else is refused, not overwritten.
func (c *Console) update(res *Resource) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("id")
		body, err := Body(r.PostForm, res.Fields, true)
		if err == nil {
			_, perr := strconv.Atoi(r.PostForm.Get("version"))
			if perr != nil {
				err = errs.E(errs.InvalidArgument, "the form lost its version; reload the page")
			}
		}
		var rec Record
		if err == nil {
			err = c.API(r, c.svc.Masterdata, http.MethodPatch, masterdataAPI+res.Kind+"/"+url.PathEscape(id), body, &rec,
				svcclient.Header("If-Match", `"`+r.PostForm.Get("version")+`"`))
		}
		if err != nil {
			if errs.Is(err, errs.FailedPrecondition) {
				err = errs.E(errs.FailedPrecondition, "%s", T(r.Context(), "form.stale"))
			}
			return c.formFailed(w, r, err, res.Key+".edit", ResourceForm(res, NewForm(Href(res.Kind, id), r.PostForm, err), Record{"id": id}))
		}
		Redirect(w, r, Href(res.Kind, id))
		return nil
	}
}

func (c *Console) archive(res *Resource) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("id")
		if err := c.API(r, c.svc.Masterdata, http.MethodPost, masterdataAPI+res.Kind+"/"+url.PathEscape(id)+"/archive", nil, nil); err != nil {
			return err
		}
		Redirect(w, r, Href(res.Kind, id))
		return nil
	}
}

// formFailed shows a form again with the error a service gave for it
// (bad input, a conflict, a stale version, a refusal); other errors
// (unavailable, internal) are error pages.
func (c *Console) formFailed(w http.ResponseWriter, r *http.Request, err error, title string, page templ.Component) error {
	switch errs.CodeOf(err) {
	case errs.InvalidArgument, errs.Conflict, errs.FailedPrecondition, errs.PermissionDenied:
		c.Render(w, r, errs.Public(err).HTTPStatus(), title, page)
		return nil
	}
	return err
}

package console

import (
	"io"
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// importJob is what the console reads of a finished import.
type importJob struct {
	Status  string `json:"status"`
	Total   int    `json:"total"`
	Created int    `json:"created"`
	Skipped int    `json:"skipped"`
	Failed  int    `json:"failed"`
	Errors  []struct {
		Line   int    `json:"line"`
		Code   string `json:"code"`
		Fields []struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"fields"`
	} `json:"errors"`
}

// maxImport bounds an uploaded CSV (the API bounds its rows).
const maxImport = 8 << 20

func (c *Console) importForm(res *Resource) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c.Render(w, r, http.StatusOK, res.Key+".import", ImportPage(res, NewForm(Href(res.Kind, "import"), nil, nil), nil))
		return nil
	}
}

// importCSV sends the uploaded file to the API and waits for the job:
// valid rows are created, and each bad row is listed with its line and
// the fields at fault.
func (c *Console) importCSV(res *Resource) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		form := NewForm(Href(res.Kind, "import"), nil, nil)
		file, _, err := r.FormFile("file")
		if err != nil {
			form = NewForm(form.Action, nil, errs.Field("file", "%s", T(r.Context(), "import.no_file")))
			c.Render(w, r, http.StatusBadRequest, res.Key+".import", ImportPage(res, form, nil))
			return nil
		}
		defer file.Close()
		csv, err := io.ReadAll(io.LimitReader(file, maxImport+1))
		if err != nil || len(csv) > maxImport {
			return errs.E(errs.InvalidArgument, "the file is larger than 8 MB")
		}
		var job importJob
		err = c.API(r, c.svc.Masterdata, http.MethodPost, masterdataAPI+res.Kind+"/import?wait=true", nil, &job,
			svcclient.Raw("text/csv", csv))
		if err != nil {
			return c.formFailed(w, r, err, res.Key+".import", ImportPage(res, NewForm(form.Action, nil, err), nil))
		}
		c.Render(w, r, http.StatusOK, res.Key+".import", ImportPage(res, form, &job))
		return nil
	}
}

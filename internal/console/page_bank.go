package console

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

func (c *Console) statementRoutes() {
	m := c.mux
	m.Handle("GET "+Prefix+"/bank-statements/new", c.page(c.newStatement))
	m.Handle("POST "+Prefix+"/bank-statements", c.page(c.importStatement))
	m.Handle("GET "+Prefix+"/bank-statements/{id}", c.page(c.statement))
	m.Handle("POST "+Prefix+"/bank-statements/{id}/lines/{line}/match", c.page(c.matchLine("match")))
	m.Handle("POST "+Prefix+"/bank-statements/{id}/lines/{line}/unmatch", c.page(c.matchLine("unmatch")))
}

// statementForm is the import form with the money accounts to choose
// from; Accounts is nil when the user may not read the chart of accounts,
// and the form then takes the account's id as text.
type statementForm struct {
	Form     *Form
	Accounts []Option
}

// moneyAccounts are the accounts a statement can be of: active asset
// accounts that take postings and control no party. The main bank
// account (role bank) comes first.
func (c *Console) moneyAccounts(r *http.Request) []Option {
	var page httpx.Page[finance.AccountJSON]
	if err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"accounts", nil, &page); err != nil {
		return nil
	}
	var first, rest []Option
	for _, a := range page.Items {
		if a.Type != string(finance.Asset) || a.Header || !a.Active || a.Control != "" {
			continue
		}
		name := a.Name
		if viewOf(r.Context()).Lang == Bangla && a.NameBn != "" {
			name = a.NameBn
		}
		o := Option{Value: a.ID, Label: a.Code + " " + name, Raw: true}
		if a.Role == string(finance.RoleBank) {
			first = append(first, o)
		} else {
			rest = append(rest, o)
		}
	}
	return append(first, rest...)
}

func (c *Console) newStatement(w http.ResponseWriter, r *http.Request) error {
	c.Render(w, r, http.StatusOK, "bank.import", StatementImportPage(statementForm{Form: NewForm(Href("bank-statements"), nil, nil), Accounts: c.moneyAccounts(r)}))
	return nil
}

// csvLineField is how finance names a bad cell of the CSV: lines[N].col.
var csvLineField = regexp.MustCompile(`^lines\[(\d+)\]\.(.+)$`)

// importStatement sends the uploaded CSV to finance, which stores it
// whole or refuses it naming each bad line and column; those errors are
// the file's, so they are shown by the file input with their line.
func (c *Console) importStatement(w http.ResponseWriter, r *http.Request) error {
	failed := func(err error) error {
		return c.formFailed(w, r, fileErrors(r, err), "bank.import",
			StatementImportPage(statementForm{Form: NewForm(Href("bank-statements"), r.PostForm, fileErrors(r, err)), Accounts: c.moneyAccounts(r)}))
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return failed(errs.Field("file", "%s", T(r.Context(), "bank.file_required")))
	}
	defer file.Close()
	csv, err := io.ReadAll(io.LimitReader(file, maxImport+1))
	if err != nil || len(csv) > maxImport {
		return failed(errs.Field("file", "%s", T(r.Context(), "bank.file_too_large")))
	}
	q := url.Values{"accountId": {r.PostFormValue("accountId")}, "name": {r.PostFormValue("name")}}
	var st finance.StatementJSON
	if err := c.API(r, c.svc.Finance, http.MethodPost, financeAPI+"bank-statements?"+q.Encode(), nil, &st,
		svcclient.Raw(finance.StatementCSVContentType, csv)); err != nil {
		return failed(err)
	}
	Redirect(w, r, Href("bank-statements", st.ID.String()))
	return nil
}

// fileErrors moves finance's errors about the file's content (body,
// lines[N].column) onto the file input, each with its line and column,
// and keeps the others (accountId, name) by their own fields.
func fileErrors(r *http.Request, err error) error {
	e := errs.As(err)
	if e == nil || e.Code != errs.InvalidArgument || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = nil
	for _, fe := range e.Fields {
		switch m := csvLineField.FindStringSubmatch(fe.Field); {
		case m != nil:
			fe = errs.FieldError{Field: "file", Message: T(r.Context(), "bank.line_error", Digits(r.Context(), m[1]), m[2], fe.Message) + " "}
		case fe.Field == "body":
			fe.Field = "file"
		}
		out.Fields = append(out.Fields, fe)
	}
	return &out
}

// statementView is a statement with its lines, how many are matched and
// the form of the last match post.
type statementView struct {
	S       finance.StatementJSON
	Matched int
	Form    *Form
}

func (c *Console) statement(w http.ResponseWriter, r *http.Request) error {
	return c.showStatement(w, r, http.StatusOK, NewForm("", nil, nil))
}

func (c *Console) showStatement(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	v := statementView{Form: f}
	if err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"bank-statements/"+url.PathEscape(r.PathValue("id")), nil, &v.S); err != nil {
		return err
	}
	for _, l := range v.S.Lines {
		if l.PaymentID != nil {
			v.Matched++
		}
	}
	c.Render(w, r, status, "bank.title", StatementPage(v))
	return nil
}

// matchLine confirms a proposed match (the payment the button names) or
// undoes one; finance checks the payment fits the line and refuses one
// that does not, which the statement page shows.
func (c *Console) matchLine(action string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, line := r.PathValue("id"), r.PathValue("line")
		if _, err := strconv.Atoi(line); err != nil {
			return errs.Field("line", "must be a line number")
		}
		var in any
		if action == "match" {
			in = map[string]string{"paymentId": r.PostFormValue("paymentId")}
		}
		path := fmt.Sprintf("%sbank-statements/%s/lines/%s/%s", financeAPI, url.PathEscape(id), line, action)
		if err := c.API(r, c.svc.Finance, http.MethodPost, path, in, nil); err != nil {
			switch errs.CodeOf(err) {
			case errs.InvalidArgument, errs.Conflict, errs.FailedPrecondition, errs.PermissionDenied:
				return c.showStatement(w, r, errs.Public(err).HTTPStatus(), NewForm("", nil, err))
			}
			return err
		}
		Redirect(w, r, Href("bank-statements", id)+"#line-"+line)
		return nil
	}
}

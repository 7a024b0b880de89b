package console

import (
	"net/http"
	"net/url"

	"github.com/vextrus/vextrus/internal/finance"
)

// noteKinds are the two corrections of an approved invoice or bill: the
// console's path, finance's path and kind, and the page's message keys.
var noteKinds = map[string]struct {
	API   string
	Kind  finance.Kind
	Title string
	Intro string
}{
	"credit-note": {"credit-notes", finance.KindCreditNote, "note.new_credit", "note.intro_credit"},
	"debit-note":  {"debit-notes", finance.KindDebitNote, "note.new_debit", "note.intro_debit"},
}

func (c *Console) noteRoutes() {
	for path := range noteKinds {
		c.mux.Handle("GET "+Prefix+"/invoices/{id}/"+path, c.page(c.newNote(path)))
		c.mux.Handle("POST "+Prefix+"/invoices/{id}/"+path, c.page(c.createNote(path)))
	}
}

// noteView is the note form with the document it corrects.
type noteView struct {
	Orig finance.InvoiceJSON
	Path string
	Form *Form
}

// correctable reports whether a note may correct inv: an approved (or
// paid) invoice or bill, not itself a note. Finance decides; this only
// decides what the invoice page offers.
func correctable(inv finance.InvoiceJSON) bool {
	kind := finance.Kind(inv.Kind)
	return !kind.Note() && (payable(inv) || inv.Status == finance.StatusPaid)
}

func (c *Console) original(r *http.Request) (finance.InvoiceJSON, error) {
	var inv finance.InvoiceJSON
	err := c.API(r, c.svc.Finance, http.MethodGet, financeAPI+"invoices/"+url.PathEscape(r.PathValue("id")), nil, &inv)
	return inv, err
}

// newNote shows the note's form. A credit note's rows start as the
// original's lines (what is usually credited back, less what is kept);
// a debit note's start empty (what was not invoiced).
func (c *Console) newNote(path string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		orig, err := c.original(r)
		if err != nil {
			return err
		}
		v := url.Values{}
		if noteKinds[path].Kind == finance.KindCreditNote {
			for i, l := range orig.Lines {
				if i == invoiceFormLines {
					break
				}
				v.Set(lineField(i, "description"), l.Description)
				v.Set(lineField(i, "quantity"), l.Quantity)
				v.Set(lineField(i, "unit"), l.Unit)
				v.Set(lineField(i, "unitPrice"), l.UnitPrice.Decimal())
				v.Set(lineField(i, "vatCategory"), l.VATCategory)
			}
		}
		f := NewForm(Href("invoices", orig.ID, path), v, nil)
		c.Render(w, r, http.StatusOK, "note.title", NoteForm(noteView{Orig: orig, Path: path, Form: f}))
		return nil
	}
}

// createNote posts the note; finance names what is wrong (lines[i].x,
// date, corrects) and the form comes back with it by the field. The new
// note is a draft, opened to be submitted like any invoice.
func (c *Console) createNote(path string) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := r.PathValue("id")
		in, err := c.noteInput(r)
		var made finance.InvoiceJSON
		if err == nil {
			err = c.API(r, c.svc.Finance, http.MethodPost, financeAPI+"invoices/"+url.PathEscape(id)+"/"+noteKinds[path].API, in, &made)
		}
		if err != nil {
			orig, oerr := c.original(r)
			if oerr != nil {
				return oerr
			}
			return c.formFailed(w, r, err, "note.title", NoteForm(noteView{Orig: orig, Path: path, Form: NewForm(Href("invoices", id, path), r.PostForm, err)}))
		}
		Redirect(w, r, Href("invoices", made.ID))
		return nil
	}
}

// noteInput is the note's body: its date, memo and line rows, read as
// the invoice form's (the party, currency and VAT treatment are the
// original's, which finance fills in).
func (c *Console) noteInput(r *http.Request) (finance.InvoiceInputJSON, error) {
	f := r.PostForm
	in := finance.InvoiceInputJSON{Date: f.Get("date"), Memo: f.Get("memo")}
	lines, err := lineInputs(r)
	in.Lines = lines
	return in, err
}

package console

import (
	"net/url"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Form is a form's state: where it posts, the values it shows and the
// errors of its last post, by the field the API named. Input names are the
// API's field names (bin, address.district, lines.0.quantity), so an API
// field error lands next to its input with no mapping.
type Form struct {
	Action string
	Values url.Values
	// Errors holds the API's field errors by field name.
	Errors map[string]string
	// Order is the fields of Errors in the API's order, for the summary.
	Order []string
	// Message is the error that names no field ("" when none).
	Message string
}

// NewForm returns the form posting to action showing values (nil: empty)
// and err's field errors and message (nil: none).
func NewForm(action string, values url.Values, err error) *Form {
	f := &Form{Action: action, Values: url.Values{}, Errors: map[string]string{}}
	for k, v := range values {
		f.Values[k] = append([]string(nil), v...)
	}
	if err != nil {
		e := errs.Public(err)
		for _, fe := range e.Fields {
			if _, seen := f.Errors[fe.Field]; !seen {
				f.Order = append(f.Order, fe.Field)
			}
			f.Errors[fe.Field] += fe.Message
		}
		if len(e.Fields) == 0 {
			f.Message = e.Message
		}
	}
	return f
}

// Field is one input of a form: name (the API's field name), label (a
// message key), its type and the value and error the form has for it.
type Field struct {
	Name     string
	Label    string
	Type     string // text (default), email, password, number, date, textarea, select, file, hidden
	Value    string
	Error    string
	Hint     string // message key, "" for none
	Required bool
	Options  []Option // for select
	// Autocomplete is the HTML autocomplete token ("" leaves it out).
	Autocomplete string
}

// Option is one choice of a select: its value and label (a message key,
// or the text itself when Raw).
type Option struct {
	Value, Label string
	Raw          bool
}

// Field returns the input name of f with its value and error filled in
// (for a money input, the error of its amount too).
func (f *Form) Field(name, label, typ string) Field {
	msg := f.Errors[name]
	if msg == "" {
		// A money input carries the amount; the API names its part.
		msg = f.Errors[name+".amount"]
	}
	return Field{Name: name, Label: label, Type: typ, Value: f.Values.Get(name), Error: msg}
}

// Req marks the field required.
func (fd Field) Req() Field { fd.Required = true; return fd }

// With sets the field's choices (a select).
func (fd Field) With(opts ...Option) Field { fd.Options = opts; fd.Type = "select"; return fd }

// ID is the input's element id.
func (fd Field) ID() string { return "f-" + fd.Name }

// HasErrors reports whether the last post failed.
func (f *Form) HasErrors() bool { return f.Message != "" || len(f.Errors) > 0 }

func withAutocomplete(fd Field, token string) Field { fd.Autocomplete = token; return fd }

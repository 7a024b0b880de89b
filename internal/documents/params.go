package documents

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Params are a job's parameters, by kind; the fields a kind does not
// take stay empty. A job's stored params are these, normalized.
type Params struct {
	// InvoiceID and Lang are a Mushak-6.3's: the approved sales invoice
	// and bn or en.
	InvoiceID string `json:"invoiceId,omitempty"`
	Lang      string `json:"lang,omitempty"`
	// Period is a month, 2026-11; From and To a span of days instead (a
	// register's only).
	Period string `json:"period,omitempty"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	// AsOf is the day of a trial balance or ageing.
	AsOf string `json:"asOf,omitempty"`
	// Side is an ageing's: receivables or payables.
	Side string `json:"side,omitempty"`
	// Format is the output's: pdf, xlsx, csv or json, by kind.
	Format string `json:"format,omitempty"`
}

// formats are the output formats of each kind, the first the default.
var formats = map[string][]string{
	KindMushak63:     {"pdf"},
	KindMushak61:     {"xlsx", "csv"},
	KindMushak62:     {"xlsx", "csv"},
	KindVATReturn91:  {"json", "pdf"},
	KindTrialBalance: {"pdf", "xlsx"},
	KindAgeing:       {"pdf", "xlsx"},
}

// parseParams reads raw as kind's params, refusing an unknown kind or
// field, or a bad value, naming the field (params.<name>), and returns
// them normalized: defaults filled, a period's days worked out.
func parseParams(kind string, raw json.RawMessage) (Params, error) {
	allowed, ok := formats[kind]
	if !ok {
		return Params{}, errs.Field("kind", "must be one of %s", strings.Join(Kinds, ", "))
	}
	var p Params
	if len(bytes.TrimSpace(raw)) > 0 && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return Params{}, paramsError(kind, err)
		}
	}
	c := &errs.Collector{}
	if p.Format == "" {
		p.Format = allowed[0]
	}
	c.Check(contains(allowed, p.Format), "params.format", "must be one of %s for %s", strings.Join(allowed, ", "), kind)
	only := func(field, v string) { c.Check(v == "", "params."+field, "is not a parameter of %s", kind) }
	switch kind {
	case KindMushak63:
		if _, err := uuid.Parse(p.InvoiceID); err != nil {
			c.Add("params.invoiceId", "is required, the id of an approved sales invoice")
		}
		if p.Lang == "" {
			p.Lang = "bn"
		}
		c.Check(p.Lang == "bn" || p.Lang == "en", "params.lang", "must be bn or en")
		only("period", p.Period)
		only("asOf", p.AsOf)
		only("side", p.Side)
	case KindMushak61, KindMushak62:
		p.checkSpan(c, true)
		only("invoiceId", p.InvoiceID)
		only("asOf", p.AsOf)
		only("side", p.Side)
	case KindVATReturn91:
		p.checkSpan(c, false)
		only("invoiceId", p.InvoiceID)
		only("asOf", p.AsOf)
		only("side", p.Side)
	case KindTrialBalance, KindAgeing:
		if _, err := time.Parse(time.DateOnly, p.AsOf); err != nil {
			c.Add("params.asOf", "is required, a day such as 2026-11-30")
		}
		if kind == KindAgeing {
			c.Check(p.Side == "receivables" || p.Side == "payables", "params.side", "must be receivables or payables")
		} else {
			only("side", p.Side)
		}
		only("invoiceId", p.InvoiceID)
		only("period", p.Period)
		only("from", p.From)
		only("to", p.To)
	}
	if kind != KindMushak63 {
		only("lang", p.Lang)
	}
	return p, c.Err()
}

// checkSpan checks a period (2026-11) or, when spans allows, from and
// to, and fills from and to from the period.
func (p *Params) checkSpan(c *errs.Collector, spans bool) {
	if p.Period != "" {
		m, err := time.Parse("2006-01", p.Period)
		if err != nil {
			c.Add("params.period", "must be a month such as 2026-11")
			return
		}
		c.Check(p.From == "" && p.To == "", "params.period", "is given with from and to: give one or the other")
		p.From, p.To = m.Format(time.DateOnly), m.AddDate(0, 1, -1).Format(time.DateOnly)
		return
	}
	if !spans {
		c.Add("params.period", "is required, a month such as 2026-11")
		return
	}
	from, errF := time.Parse(time.DateOnly, p.From)
	to, errT := time.Parse(time.DateOnly, p.To)
	switch {
	case p.From == "" && p.To == "":
		c.Add("params.period", "is required (a month such as 2026-11), or from and to")
	case errF != nil:
		c.Add("params.from", "must be a day such as 2026-11-01")
	case errT != nil:
		c.Add("params.to", "must be a day such as 2026-11-30")
	case to.Before(from):
		c.Add("params.to", "must not be before from")
	case to.Sub(from) > 366*24*time.Hour:
		c.Add("params.to", "must be at most a year after from")
	}
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// paramsError names the field of a params object that did not decode.
func paramsError(kind string, err error) error {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) && ute.Field != "" {
		return errs.Field("params."+ute.Field, "must be a string")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return errs.Field("params."+strings.Trim(name, `"`), "is not a parameter of %s", kind)
	}
	return errs.Field("params", "must be an object of the parameters of %s", kind)
}

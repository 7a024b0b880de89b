package graph

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/settings"
)

func toGraphSettings(d settings.Document) *TenantSettings {
	s := d.Settings
	out := &TenantSettings{Version: d.Version, UpdatedBy: d.UpdatedBy, Reason: d.Reason, Company: &s.Company,
		Timezone: s.Timezone, FiscalYearStartMonth: s.FiscalYearStartMonth, BaseCurrency: s.BaseCurrency,
		Locale: s.Locale, NumberGrouping: s.NumberGrouping, Defaults: &s.Defaults}
	if !d.UpdatedAt.IsZero() {
		out.UpdatedAt = &d.UpdatedAt
	}
	// In the order documents show the types, then any other.
	for _, doc := range slices.SortedFunc(maps.Keys(s.Numbering), byDocumentOrder) {
		n := s.Numbering[doc]
		out.Numbering = append(out.Numbering, DocumentNumbering{DocumentType: doc, Prefix: n.Prefix, Pattern: n.Pattern,
			ResetEachFiscalYear: n.ResetEachFiscalYear})
	}
	return out
}

func byDocumentOrder(a, b string) int {
	ia, ib := slices.Index(tenantsettings.DocumentTypes, a), slices.Index(tenantsettings.DocumentTypes, b)
	if ia != ib {
		return ia - ib
	}
	return strings.Compare(a, b)
}

// fromSettingsInput builds the document of in. Returns INVALID_ARGUMENT
// naming a document type listed twice.
func fromSettingsInput(in TenantSettingsInput) (tenantsettings.Settings, error) {
	s := tenantsettings.Settings{Timezone: in.Timezone, FiscalYearStartMonth: in.FiscalYearStartMonth,
		BaseCurrency: in.BaseCurrency, Locale: in.Locale, NumberGrouping: in.NumberGrouping,
		Numbering: map[string]tenantsettings.Numbering{}}
	if in.Company != nil {
		s.Company = *in.Company
	}
	if in.Defaults != nil {
		s.Defaults = *in.Defaults
	}
	var c errs.Collector
	for i, n := range in.Numbering {
		_, dup := s.Numbering[n.DocumentType]
		c.Check(!dup, fmt.Sprintf("input.numbering[%d].documentType", i), "repeats %q", n.DocumentType)
		s.Numbering[n.DocumentType] = tenantsettings.Numbering{Prefix: n.Prefix, Pattern: n.Pattern, ResetEachFiscalYear: n.ResetEachFiscalYear}
	}
	return s, c.Err()
}

// asInput names the document's fields as the mutation's argument does:
// the service's "timezone" is "input.timezone" here; "reason" and
// "expectedVersion" are arguments of their own.
func asInput(err error) error {
	e := errs.As(err)
	if err == nil || e.Code != errs.InvalidArgument || len(e.Fields) == 0 {
		return err
	}
	fields := make([]errs.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if f.Field != "reason" && f.Field != "expectedVersion" {
			f.Field = "input." + f.Field
		}
		fields[i] = f
	}
	return errs.Invalid(fields...)
}

func toGraphFlag(ctx context.Context, f settings.Flag) FeatureFlag {
	p, _ := authz.From(ctx)
	j := settings.ToFlagJSON(f, p)
	return FeatureFlag{Key: j.Key, Description: j.Description, Default: j.Default, State: j.State, Version: j.Version,
		UpdatedAt: j.UpdatedAt, UpdatedBy: j.UpdatedBy, Reason: j.Reason, On: j.On}
}

package documents

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// The content types of the outputs.
const (
	typePDF  = "application/pdf"
	typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	typeCSV  = "text/csv; charset=utf-8"
	typeJSON = "application/json"
)

// build loads job j's data (ctx carries the service's credential) and
// renders it, recording the render step in p.
func (s *Service) build(ctx context.Context, j Job, p progress) (document, error) {
	var ps Params
	if err := json.Unmarshal(j.Params, &ps); err != nil {
		return document{}, errs.Wrap(errs.Internal, err, "job %s params", j.ID)
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return document{}, err
	}
	switch j.Kind {
	case KindMushak63:
		return s.buildMushak63(ctx, st, ps, p)
	case KindMushak61, KindMushak62:
		return s.buildRegister(ctx, st, j.Kind, ps, p)
	case KindVATReturn91:
		return s.buildVATReturn(ctx, st, ps, p)
	case KindTrialBalance:
		return s.buildTrialBalance(ctx, st, ps, p)
	case KindAgeing:
		return s.buildAgeing(ctx, st, ps, p)
	}
	return document{}, errs.E(errs.InvalidArgument, "job %s is of no known kind %q", j.ID, j.Kind)
}

// tenantSettings returns the settings of the tenant of ctx.
func (s *Service) tenantSettings(ctx context.Context) (*tenantsettings.Settings, error) {
	t, err := tenant.Require(ctx)
	if err != nil {
		return nil, err
	}
	return s.settings.Settings(ctx, t)
}

// seller is the tenant's company as the forms print it.
func seller(st *tenantsettings.Settings) FormParty {
	c := st.Company
	addr := c.RegisteredAddress
	if addr.Line1 == "" {
		addr = c.BillingAddress
	}
	return FormParty{Name: c.LegalName, NameBn: c.LegalNameBn, BIN: c.BIN, Address: oneLine(addr.Line1, addr.Line2,
		addr.Upazila, addr.District, addr.PostCode)}
}

// oneLine joins the address parts that are not empty.
func oneLine(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += p
	}
	return out
}

// render runs a renderer call, beating while it draws.
func (s *Service) render(ctx context.Context, p progress, draw func(Renderer) ([]byte, error)) ([]byte, error) {
	if s.renderer == nil {
		return nil, errs.E(errs.FailedPrecondition, "documents has no PDF renderer here")
	}
	if err := p.step(ctx, 50, "rendering"); err != nil {
		return nil, err
	}
	body, err := beating(ctx, func() ([]byte, error) { return draw(s.renderer) })
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return body, nil
}

// location is the tenant's zone, Dhaka when the settings name none
// that loads.
func location(st *tenantsettings.Settings) *time.Location {
	if loc, err := time.LoadLocation(st.Timezone); err == nil && st.Timezone != "" {
		return loc
	}
	loc, err := time.LoadLocation(tenantsettings.DefaultTimezone)
	if err != nil {
		return time.FixedZone("BDT", 6*3600)
	}
	return loc
}

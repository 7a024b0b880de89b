package settings

import (
	"context"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// ReasonDemo is the reason recorded with the demo tenant's settings.
const ReasonDemo = "vextrus dev: the demo company"

// Demo is the settings of `vextrus dev`'s demo tenant: a VAT-registered
// construction firm in Dhaka, with the identity a Mushak 6.3 prints. The
// BIN and e-TIN have the right shape and belong to no real taxpayer.
func Demo() tenantsettings.Settings {
	s := tenantsettings.Default("Padma Builders & Engineering Ltd.")
	s.Company = tenantsettings.Company{
		LegalName:   "Padma Builders & Engineering Ltd.",
		LegalNameBn: "পদ্মা বিল্ডার্স অ্যান্ড ইঞ্জিনিয়ারিং লিমিটেড",
		BIN:         "0012345670101",
		TIN:         "354128760914",
		RegisteredAddress: bd.Address{Line1: "House 42, Road 11, Block C", Line2: "Banani",
			Upazila: "Gulshan", District: "dhaka", PostCode: "1213"},
		// Invoices go out from the accounts office at the Gazipur yard.
		BillingAddress: bd.Address{Line1: "Plot 17, BSCIC Industrial Estate", Line2: "Tongi",
			Upazila: "Gazipur Sadar", District: "gazipur", PostCode: "1710"},
		VATRegistration: tenantsettings.VATRegistered,
		VATCircle:       "Circle-3 (Banani)",
		VATDivision:     "Gulshan Division, Customs, Excise and VAT Commissionerate, Dhaka (North)",
	}
	s.Locale = tenantsettings.LocaleEnglish
	inv := s.Numbering[tenantsettings.DocSalesInvoice]
	inv.Prefix = "PBEL"
	s.Numbering[tenantsettings.DocSalesInvoice] = inv
	// Contractors are paid on running bills, 45 days after certification.
	s.Defaults.PaymentTermsDays = 45
	s.Defaults.ApprovalSLAHours = 24
	return s
}

// SeedDemo gives tenant t the Demo settings, unless it has settings other
// than the defaults it got when it was created; running dev again keeps
// what was changed since. The consumer does the same for the tenant
// created with Deps.DemoSlug.
func (s *Service) SeedDemo(ctx context.Context, t tenant.ID) error {
	return s.inTenant(ctx, nil, t, s.seedDemo)
}

func (s *Service) seedDemo(ctx context.Context, tx *db.Tx) error {
	doc := Demo()
	if err := doc.Validate(); err != nil {
		return fmt.Errorf("demo settings: %w", err)
	}
	return s.seedIn(ctx, tx, doc, ReasonDemo, true)
}

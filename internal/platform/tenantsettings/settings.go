// Package tenantsettings is what every process knows of a tenant's
// settings: the typed document the settings service keeps (company
// identity, time and money, document numbering, defaults the business
// modules read), its validation, feature flags and their evaluation, and
// Client, the cached reader every process uses. The settings service owns
// the data; this package knows nothing of its storage.
package tenantsettings

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Events the settings service publishes; a Client drops its copy of the
// tenant's settings on either.
const (
	EventChanged     = "vextrus.settings.changed.v1"
	EventFlagChanged = "vextrus.settings.flag.changed.v1"
)

// Settings is one tenant's settings document. Time and money are top-level
// fields; the company and numbering are sections.
type Settings struct {
	Company Company `json:"company"`
	// Timezone is an IANA zone; business dates ("today", a rule effective
	// from midnight, a fiscal year's first day) are reckoned in it.
	Timezone string `json:"timezone"`
	// FiscalYearStartMonth is the fiscal year's first month, 1–12; the
	// Bangladesh fiscal year starts in July.
	FiscalYearStartMonth int `json:"fiscalYearStartMonth"`
	// BaseCurrency is the ISO 4217 currency the books are kept in.
	BaseCurrency string `json:"baseCurrency"`
	// Locale is bn-BD or en-BD: the language of documents and messages.
	Locale string `json:"locale"`
	// NumberGrouping is lakh (12,34,56,789.00) or thousands
	// (123,456,789.00).
	NumberGrouping string `json:"numberGrouping"`
	// Numbering holds the numbering of each document type, keyed by type
	// (DocumentTypes lists them).
	Numbering map[string]Numbering `json:"numbering"`
	Defaults  Defaults             `json:"defaults"`
}

// Company is the tenant as a legal person: what a Mushak 6.3 and every
// other document print about the seller.
type Company struct {
	LegalName   string `json:"legalName"`
	LegalNameBn string `json:"legalNameBn"`
	// BIN is the 13-digit VAT Business Identification Number; required
	// when the company is VAT-registered or turnover-tax enlisted.
	BIN string `json:"bin"`
	// TIN is the 12-digit e-TIN.
	TIN               string     `json:"tin"`
	RegisteredAddress bd.Address `json:"registeredAddress"`
	BillingAddress    bd.Address `json:"billingAddress"`
	// VATRegistration is one of the VAT* kinds.
	VATRegistration string `json:"vatRegistration"`
	// VATCircle and VATDivision name the NBR office the company files
	// with, e.g. "Circle-5 (Gulshan)", "Dhaka North".
	VATCircle   string `json:"vatCircle"`
	VATDivision string `json:"vatDivision"`
}

// The kinds of VAT registration under the VAT and SD Act 2012.
const (
	VATRegistered = "vat-registered" // charges VAT, issues Mushak 6.3
	TurnoverTax   = "turnover-tax"   // enlisted for turnover tax
	NotRegistered = "not-registered" // below both thresholds
)

// Locales and number groupings.
const (
	LocaleBangla    = "bn-BD"
	LocaleEnglish   = "en-BD"
	GroupLakh       = "lakh"
	GroupThousands  = "thousands"
	DefaultTimezone = "Asia/Dhaka"
)

// Defaults are what the business modules use when a document says nothing.
type Defaults struct {
	// VATRateCategory is the row of the tenant's vat.rate rule set a line
	// without its own category takes ("standard" is 15 %); the rate itself
	// stays rule data with an effective date.
	VATRateCategory string `json:"vatRateCategory"`
	// PaymentTermsDays is the due date of an invoice or bill without
	// terms, in days after its date.
	PaymentTermsDays int `json:"paymentTermsDays"`
	// ApprovalSLAHours is how long an approval level waits before it
	// escalates when its chain gives no SLA.
	ApprovalSLAHours int `json:"approvalSlaHours"`
}

// Default returns the settings of a new tenant named name: Asia/Dhaka, a
// July fiscal year, BDT, Bangla with lakh grouping and the Mushak numbering.
func Default(name string) Settings {
	return Settings{
		Company:              Company{LegalName: name, VATRegistration: NotRegistered},
		Timezone:             DefaultTimezone,
		FiscalYearStartMonth: int(bd.DefaultFiscalYearStart),
		BaseCurrency:         "BDT",
		Locale:               LocaleBangla,
		NumberGrouping:       GroupLakh,
		Numbering:            DefaultNumbering(),
		Defaults:             Defaults{VATRateCategory: "standard", PaymentTermsDays: 30, ApprovalSLAHours: 48},
	}
}

// Location returns the tenant's timezone. A document that passed Validate
// always has a loadable zone; anything else falls back to Asia/Dhaka.
func (s *Settings) Location() *time.Location { return location(s.Timezone) }

// FiscalYear returns the tenant's fiscal year containing t (see
// bd.FiscalYear).
func (s *Settings) FiscalYear(t time.Time) (start, end time.Time, label string) {
	return bd.FiscalYear(t, s.Location(), time.Month(s.FiscalYearStartMonth))
}

// Today is the current business date in the tenant's timezone, as a date
// at UTC midnight (how rules and documents compare dates).
func (s *Settings) Today(now time.Time) time.Time {
	y, m, d := now.In(s.Location()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// zones caches loaded locations: time.LoadLocation reads the zone database
// on every call.
var zones sync.Map // string → *time.Location

func location(name string) *time.Location {
	if name == "" || name == DefaultTimezone {
		return bd.Dhaka()
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return bd.Dhaka()
	}
	zones.Store(name, loc)
	return loc
}

// Locator answers a tenant's timezone; *Client is one. A service that
// only needs the zone takes a Locator in its dependencies.
type Locator interface {
	Location(ctx context.Context, t tenant.ID) (*time.Location, error)
}

// LocationOf returns the timezone of ctx's tenant from zones: Asia/Dhaka
// when zones is nil (a service built without settings) or ctx names no
// tenant.
func LocationOf(ctx context.Context, zones Locator) (*time.Location, error) {
	t, ok := tenant.From(ctx)
	if !ok || zones == nil {
		return bd.Dhaka(), nil
	}
	loc, err := zones.Location(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("tenant timezone: %w", err)
	}
	return loc, nil
}

package tenantsettings

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Validate normalises s (trims text, BIN and TIN to their digits, district
// names to keys, missing document types to their default numbering) and
// reports every problem at once: INVALID_ARGUMENT with one field error per
// bad field, named by its JSON path ("company.bin", "timezone",
// "numbering.sales-invoice.pattern").
func (s *Settings) Validate() error {
	var c errs.Collector
	s.Company.validate(&c)

	s.Timezone = strings.TrimSpace(s.Timezone)
	if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "" || s.Timezone == "Local" {
		c.Add("timezone", "must be an IANA time zone such as Asia/Dhaka or UTC")
	}
	c.Check(s.FiscalYearStartMonth >= 1 && s.FiscalYearStartMonth <= 12, "fiscalYearStartMonth",
		"must be a month from 1 (January) to 12; Bangladesh's fiscal year starts in 7 (July)")
	if cur, err := money.ParseCurrency(s.BaseCurrency); err != nil {
		c.Add("baseCurrency", "must be a known ISO 4217 code such as BDT")
	} else {
		s.BaseCurrency = cur.String()
	}
	c.Check(s.Locale == LocaleBangla || s.Locale == LocaleEnglish, "locale", "must be %s or %s", LocaleBangla, LocaleEnglish)
	c.Check(s.NumberGrouping == GroupLakh || s.NumberGrouping == GroupThousands, "numberGrouping",
		"must be %s (12,34,567) or %s (1,234,567)", GroupLakh, GroupThousands)

	if s.Numbering == nil {
		s.Numbering = map[string]Numbering{}
	}
	for doc, n := range s.Numbering {
		if !slices.Contains(DocumentTypes, doc) {
			c.Add("numbering."+doc, "is not a document type; the types are %s", strings.Join(DocumentTypes, ", "))
			continue
		}
		n.check(func(field, msg string) { c.Add("numbering."+doc+"."+field, "%s", msg) })
	}
	for doc, n := range DefaultNumbering() {
		if _, ok := s.Numbering[doc]; !ok {
			s.Numbering[doc] = n
		}
	}

	d := &s.Defaults
	d.VATRateCategory = strings.TrimSpace(d.VATRateCategory)
	c.Check(category.MatchString(d.VATRateCategory), "defaults.vatRateCategory",
		"must be a category of the vat.rate rules such as standard or reduced_5 (lower case, digits, underscores)")
	c.Check(d.PaymentTermsDays >= 0 && d.PaymentTermsDays <= 365, "defaults.paymentTermsDays", "must be 0 to 365 days")
	c.Check(d.ApprovalSLAHours >= 1 && d.ApprovalSLAHours <= 720, "defaults.approvalSlaHours", "must be 1 to 720 hours")
	return c.Err()
}

var category = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

func (co *Company) validate(c *errs.Collector) {
	for _, s := range []*string{&co.LegalName, &co.LegalNameBn, &co.VATCircle, &co.VATDivision, &co.VATRegistration} {
		*s = strings.TrimSpace(*s)
	}
	c.Check(co.LegalName != "", "company.legalName", "is required")
	for field, v := range map[string]string{"company.legalName": co.LegalName, "company.legalNameBn": co.LegalNameBn,
		"company.vatCircle": co.VATCircle, "company.vatDivision": co.VATDivision} {
		c.Check(utf8.RuneCountInString(v) <= 200, field, "must be at most 200 characters")
	}
	kinds := []string{VATRegistered, TurnoverTax, NotRegistered}
	c.Check(slices.Contains(kinds, co.VATRegistration), "company.vatRegistration", "must be one of %s", strings.Join(kinds, ", "))
	registered := co.VATRegistration == VATRegistered || co.VATRegistration == TurnoverTax

	if co.BIN = strings.TrimSpace(co.BIN); co.BIN != "" {
		bin, err := bd.ParseBIN(co.BIN)
		c.Merge("company", err)
		co.BIN = bin.String()
	} else if registered {
		c.Add("company.bin", "is required when the company is %s", co.VATRegistration)
	}
	if co.TIN = strings.TrimSpace(co.TIN); co.TIN != "" {
		tin, err := bd.ParseTIN(co.TIN)
		c.Merge("company", err)
		co.TIN = tin.String()
	}
	co.RegisteredAddress.Normalize(c, "company.registeredAddress")
	co.BillingAddress.Normalize(c, "company.billingAddress")
	if registered {
		// A Mushak 6.3 prints the seller's registered address.
		c.Check(co.RegisteredAddress.Line1 != "", "company.registeredAddress.line1", "is required when the company is %s", co.VATRegistration)
		c.Check(co.RegisteredAddress.District != "", "company.registeredAddress.district", "is required when the company is %s", co.VATRegistration)
	}
}

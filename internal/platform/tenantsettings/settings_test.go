package tenantsettings_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

func fields(tb testing.TB, err error) []string {
	tb.Helper()
	e := errs.As(err)
	if err == nil || e.Code != errs.InvalidArgument {
		tb.Fatalf("want INVALID_ARGUMENT, got %v", err)
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	slices.Sort(out)
	return out
}

func TestDefaultsAreABangladeshCompany(t *testing.T) {
	s := tenantsettings.Default("Meghna Traders")
	if err := s.Validate(); err != nil {
		t.Fatalf("the defaults do not validate: %v", err)
	}
	if s.Timezone != "Asia/Dhaka" || s.FiscalYearStartMonth != 7 || s.BaseCurrency != "BDT" || s.Locale != "bn-BD" || s.NumberGrouping != "lakh" {
		t.Fatalf("defaults: %+v", s)
	}
	if got := s.Numbering[tenantsettings.DocSalesInvoice].Format(42, "2025-26", time.Now()); got != "INV/2025-26/000042" {
		t.Fatalf("a sales invoice is numbered %q", got)
	}
	// Top-level JSON fields, as the API shows them.
	raw, _ := json.Marshal(s)
	var top map[string]json.RawMessage
	_ = json.Unmarshal(raw, &top)
	for _, k := range []string{"timezone", "fiscalYearStartMonth", "baseCurrency", "locale", "numberGrouping", "company", "numbering", "defaults"} {
		if _, ok := top[k]; !ok {
			t.Errorf("no top-level %q in %s", k, raw)
		}
	}
}

func TestValidationNamesEveryBadFieldAtOnce(t *testing.T) {
	s := tenantsettings.Default("Padma Steel")
	s.Timezone = "Asia/Dacca-ish"
	s.FiscalYearStartMonth = 13
	s.Company.VATRegistration = tenantsettings.VATRegistered
	s.Company.BIN = "123456789" // a 9-digit BIN, as the original accepted
	s.Company.TIN = "12345"
	s.Company.RegisteredAddress.District = "Gotham"
	s.Locale = "fr-FR"
	s.NumberGrouping = "millions"
	s.BaseCurrency = "XYZ"
	s.Numbering["proforma"] = tenantsettings.Numbering{Prefix: "Q", Pattern: "{prefix}/{seq}"}
	s.Numbering[tenantsettings.DocJournal] = tenantsettings.Numbering{Prefix: "JV", Pattern: "{prefix}/{seq:06}", ResetEachFiscalYear: true}
	s.Numbering[tenantsettings.DocPayment] = tenantsettings.Numbering{Prefix: "PV", Pattern: "{prefix}/{yy}/{seq}"}
	s.Defaults.ApprovalSLAHours = 0
	got := fields(t, s.Validate())
	want := []string{"baseCurrency", "company.bin", "company.registeredAddress.district", "company.registeredAddress.line1",
		"company.tin", "defaults.approvalSlaHours", "fiscalYearStartMonth", "locale", "numberGrouping",
		"numbering.journal.pattern", "numbering.payment.pattern", "numbering.proforma", "timezone"}
	if !slices.Equal(got, want) {
		t.Fatalf("fields\n got %v\nwant %v", got, want)
	}
}

func TestValidationNormalises(t *testing.T) {
	s := tenantsettings.Default("  Jamuna Builders Ltd.  ")
	s.Company.VATRegistration = tenantsettings.VATRegistered
	s.Company.BIN = "000123456-0101"
	s.Company.TIN = "1234-5678-9012"
	s.Company.RegisteredAddress = tenantsettings.Default("").Company.RegisteredAddress
	s.Company.RegisteredAddress.Line1 = "House 12, Road 5, Dhanmondi"
	s.Company.RegisteredAddress.District = "ঢাকা"
	s.BaseCurrency = "bdt"
	delete(s.Numbering, tenantsettings.DocReceipt)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	c := s.Company
	if c.LegalName != "Jamuna Builders Ltd." || c.BIN != "0001234560101" || c.TIN != "123456789012" ||
		c.RegisteredAddress.District != "dhaka" || c.RegisteredAddress.Division != "dhaka" || s.BaseCurrency != "BDT" {
		t.Fatalf("not normalised: %+v", s)
	}
	if s.Numbering[tenantsettings.DocReceipt].Prefix != "RV" {
		t.Fatalf("a missing document type did not get its default numbering")
	}
}

func TestAnUnregisteredCompanyNeedsNoBIN(t *testing.T) {
	s := tenantsettings.Default("Corner Shop")
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	s.Company.VATRegistration = tenantsettings.TurnoverTax
	if got := fields(t, s.Validate()); !slices.Contains(got, "company.bin") {
		t.Fatalf("a turnover-tax enlisted company without BIN: %v", got)
	}
}

func TestTheTenantsZoneAndFiscalYearDecideItsDates(t *testing.T) {
	at := time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC) // 1 January 02:00 in Dhaka
	dhaka := tenantsettings.Default("B")
	utc := tenantsettings.Default("A")
	utc.Timezone, utc.FiscalYearStartMonth = "UTC", 1
	if _, _, l := utc.FiscalYear(at); l != "2025" {
		t.Errorf("January year in UTC: %q", l)
	}
	if _, _, l := dhaka.FiscalYear(at); l != "2025-26" {
		t.Errorf("July year in Dhaka: %q", l)
	}
	if d := utc.Today(at); d.Day() != 31 {
		t.Errorf("today in UTC is %v", d)
	}
	if d := dhaka.Today(at); d.Day() != 1 {
		t.Errorf("today in Dhaka is %v", d)
	}
}

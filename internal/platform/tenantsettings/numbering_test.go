package tenantsettings_test

import (
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

func TestNumberingPatterns(t *testing.T) {
	date := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	ok := []struct{ pattern, want string }{
		{"{prefix}/{fy}/{seq:06}", "INV/2025-26/000123"},
		{"{prefix}-{yyyy}{mm}-{seq}", "INV-202603-123"},
		{"{fy}{seq:02}", "2025-26123"},
		{"M6.3 {seq:08} ({prefix})", "M6.3 00000123 (INV)"},
	}
	for _, tc := range ok {
		s := tenantsettings.Default("X")
		s.Numbering[tenantsettings.DocSalesInvoice] = tenantsettings.Numbering{Prefix: "INV", Pattern: tc.pattern}
		if err := s.Validate(); err != nil {
			t.Errorf("%q refused: %v", tc.pattern, err)
			continue
		}
		if got := s.Numbering[tenantsettings.DocSalesInvoice].Format(123, "2025-26", date); got != tc.want {
			t.Errorf("%q formats %q, want %q", tc.pattern, got, tc.want)
		}
	}
	bad := map[string]tenantsettings.Numbering{
		"no sequence":             {Prefix: "INV", Pattern: "{prefix}/{fy}"},
		"two sequences":           {Prefix: "INV", Pattern: "{seq}/{seq}"},
		"unknown token":           {Prefix: "INV", Pattern: "{prefix}/{year}/{seq}"},
		"unclosed brace":          {Prefix: "INV", Pattern: "{prefix}/{seq"},
		"stray closing brace":     {Prefix: "INV", Pattern: "prefix}/{seq}"},
		"zero width":              {Prefix: "INV", Pattern: "{seq:00}"},
		"width past int64":        {Prefix: "INV", Pattern: "{seq:020}"},
		"yearly reset without fy": {Prefix: "INV", Pattern: "{prefix}/{yyyy}/{seq}", ResetEachFiscalYear: true},
		"prefix with braces":      {Prefix: "{INV}", Pattern: "{seq}"},
	}
	for name, n := range bad {
		t.Run(name, func(t *testing.T) {
			s := tenantsettings.Default("X")
			s.Numbering[tenantsettings.DocSalesInvoice] = n
			got := fields(t, s.Validate())
			if len(got) != 1 || got[0][:len("numbering.sales-invoice.")] != "numbering.sales-invoice." {
				t.Fatalf("fields %v", got)
			}
		})
	}
}

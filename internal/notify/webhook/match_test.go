package webhook_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/notify/webhook"
)

func TestMatchReadsWildcards(t *testing.T) {
	cases := []struct {
		pattern, typ string
		want         bool
	}{
		{"*", "vextrus.finance.invoice.approved.v1", true},
		{"vextrus.finance.*", "vextrus.finance.invoice.approved.v1", true},
		{"vextrus.finance.*", "vextrus.financial.invoice.approved.v1", false},
		{"vextrus.finance.*", "vextrus.finance", false},
		{"vextrus.*.invoice.approved.v1", "vextrus.finance.invoice.approved.v1", true},
		{"vextrus.*.invoice.approved.v1", "vextrus.finance.invoice.approved.v2", false},
		{"vextrus.finance.invoice.approved.v1", "vextrus.finance.invoice.approved.v1", true},
		{"vextrus.finance.invoice.approved.v1", "vextrus.finance.invoice.approved.v1.x", false},
		{"vextrus.settings.changed.v1", "vextrus.settings.changed.v1", true},
		{"vextrus.*", "vextrus.settings.changed.v1", true},
	}
	for _, c := range cases {
		if got := webhook.Match(c.pattern, c.typ); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.typ, got, c.want)
		}
	}
}

func TestVerifyChecksTheSchemeAndRefusesTampering(t *testing.T) {
	body := []byte(`{"id":"e1"}`)
	sig := webhook.Sign("whsec_k", "1700000000", body)
	if err := webhook.Verify("whsec_k", "1700000000", body, sig); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string][3]string{
		"other body":      {"1700000000", `{"id":"e2"}`, sig},
		"other timestamp": {"1700000001", string(body), sig},
		"other version":   {"1700000000", string(body), "v0=" + sig[3:]},
		"garbage":         {"1700000000", string(body), "v1=zz"},
		"empty":           {"1700000000", string(body), ""},
	} {
		if err := webhook.Verify("whsec_k", tc[0], []byte(tc[1]), tc[2]); err == nil {
			t.Errorf("%s verifies", name)
		}
	}
	if err := webhook.Verify("whsec_k", "1700000000", body, "v1=00ff, "+sig); err != nil {
		t.Errorf("a list holding the signature does not verify: %v", err)
	}
}

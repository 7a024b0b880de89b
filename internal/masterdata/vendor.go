package masterdata

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Vendor is someone the tenant buys from: a supplier, contractor or
// service provider.
type Vendor struct {
	Meta
	VendorFields
}

// VendorFields are the fields of a vendor clients write.
type VendorFields struct {
	Party
	// TradeLicence is the trade licence number issued by the city
	// corporation or union parishad; formats differ, so it is free text.
	TradeLicence  string          `json:"tradeLicence"`
	BankAccounts  []BankAccount   `json:"bankAccounts"`
	MobileBanking []MobileAccount `json:"mobileBanking"`
	// AITCategory is the payment category the rules engine's ait.rate table
	// takes (contractor, supplier, professional, transport, or one the
	// tenant added), so withholding is computed without code changes.
	AITCategory string `json:"aitCategory"`
	// RetentionBps is the share of each contract payment retained until
	// the defects liability period ends, in basis points (500 is 5%).
	RetentionBps    int    `json:"retentionBps"`
	Blacklisted     bool   `json:"blacklisted"`
	BlacklistReason string `json:"blacklistReason"`
	// BlacklistedOn is the business date of the blacklisting, YYYY-MM-DD.
	BlacklistedOn string `json:"blacklistedOn"`
}

// BankAccount is a vendor's bank account for payments (BEFTN/RTGS).
type BankAccount struct {
	BankName      string `json:"bankName"`
	Branch        string `json:"branch"`
	AccountName   string `json:"accountName"`
	AccountNumber string `json:"accountNumber"`
	// RoutingNumber is the 9-digit BEFTN routing number of the branch.
	RoutingNumber string `json:"routingNumber"`
}

// MobileAccount is a mobile financial services wallet.
type MobileAccount struct {
	// Provider is bkash, nagad or rocket.
	Provider string `json:"provider"`
	// Number is the wallet's mobile number, stored in E.164 form.
	Number string `json:"number"`
}

var (
	aitRE     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	accountRE = regexp.MustCompile(`^[0-9A-Za-z-]{5,30}$`)
)

func (v *Vendor) meta() *Meta         { return &v.Meta }
func (v *Vendor) writable() any       { return &v.VendorFields }
func (v *Vendor) project() projection { return v.Party.project() }

func (v *Vendor) normalize(c *errs.Collector) {
	f := &v.VendorFields
	f.Party.normalize(c)
	f.TradeLicence = strings.TrimSpace(f.TradeLicence)
	c.Check(len(f.TradeLicence) <= 40, "tradeLicence", "must be at most 40 characters")
	for i := range f.BankAccounts {
		b := &f.BankAccounts[i]
		at := fmt.Sprintf("bankAccounts[%d].", i)
		for _, s := range []*string{&b.BankName, &b.Branch, &b.AccountName, &b.AccountNumber, &b.RoutingNumber} {
			*s = strings.TrimSpace(*s)
		}
		c.Check(b.BankName != "", at+"bankName", "is required")
		c.Check(accountRE.MatchString(b.AccountNumber), at+"accountNumber", "must be 5-30 letters, digits or dashes")
		b.RoutingNumber = bd.FromBengaliDigits(b.RoutingNumber)
		c.Check(b.RoutingNumber == "" || len(b.RoutingNumber) == 9 && strings.Trim(b.RoutingNumber, "0123456789") == "",
			at+"routingNumber", "must be the 9-digit BEFTN routing number")
	}
	for i := range f.MobileBanking {
		m := &f.MobileBanking[i]
		at := fmt.Sprintf("mobileBanking[%d].", i)
		checkEnum(c, at+"provider", &m.Provider, "", "bkash", "nagad", "rocket")
		if n, err := bd.ParseMobile(m.Number); err != nil {
			c.Add(at+"number", "%s", errs.As(err).Fields[0].Message)
		} else {
			m.Number = n.String()
		}
	}
	f.AITCategory = strings.ToLower(strings.TrimSpace(f.AITCategory))
	c.Check(f.AITCategory == "" || aitRE.MatchString(f.AITCategory), "aitCategory",
		"must be a category key of the ait.rate rules, e.g. contractor, supplier, professional, transport")
	c.Check(f.RetentionBps >= 0 && f.RetentionBps <= 10000, "retentionBps", "must be basis points between 0 and 10000 (500 is 5%%)")
	v.normalizeBlacklist(c)
}

// stamp dates a blacklisting without a date today (the tenant's date).
func (v *Vendor) stamp(today string) {
	if v.Blacklisted && strings.TrimSpace(v.BlacklistedOn) == "" {
		v.BlacklistedOn = today
	}
}

// normalizeBlacklist requires a reason and a date to blacklist, and
// forgets both when the vendor is cleared.
func (v *Vendor) normalizeBlacklist(c *errs.Collector) {
	f := &v.VendorFields
	f.BlacklistReason = strings.TrimSpace(f.BlacklistReason)
	f.BlacklistedOn = strings.TrimSpace(f.BlacklistedOn)
	if !f.Blacklisted {
		f.BlacklistReason, f.BlacklistedOn = "", ""
		return
	}
	c.Check(f.BlacklistReason != "", "blacklistReason", "is required when the vendor is blacklisted")
	if _, err := time.Parse(time.DateOnly, f.BlacklistedOn); err != nil {
		c.Add("blacklistedOn", "must be a date YYYY-MM-DD")
	}
}

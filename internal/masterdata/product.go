package masterdata

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Product is goods or a service the tenant buys or sells.
type Product struct {
	Meta
	ProductFields
}

// ProductFields are the fields of a product clients write.
type ProductFields struct {
	// SKU is the tenant's unique product code.
	SKU    string `json:"sku"`
	Name   string `json:"name"`
	NameBn string `json:"nameBn"`
	// Kind is goods or service.
	Kind     string `json:"kind"`
	Category string `json:"category"`
	// Unit is the code of a built-in unit (BuiltinUnits) or of a unit the
	// tenant defined.
	Unit   string    `json:"unit"`
	HSCode bd.HSCode `json:"hsCode"`
	// VATCategory is standard, reduced, zero_rated, exempt or truncated
	// (the flat "truncated" rates some supplies take instead of 15%).
	VATCategory string `json:"vatCategory"`
	// VATRateKey is the category the rules engine's vat.rate table takes,
	// e.g. construction_firm; empty means the VAT category itself.
	VATRateKey string `json:"vatRateKey"`
	// SDRateBps is the supplementary duty rate in basis points.
	SDRateBps    int          `json:"sdRateBps"`
	DefaultPrice money.Amount `json:"defaultPrice"`
	// Status is active or discontinued.
	Status string   `json:"status"`
	Tags   []string `json:"tags"`
}

// The VAT categories of the VAT and SD Act 2012.
var vatCategories = []string{"standard", "reduced", "zero_rated", "exempt", "truncated"}

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

func (p *Product) meta() *Meta   { return &p.Meta }
func (p *Product) writable() any { return &p.ProductFields }

func (p *Product) normalize(c *errs.Collector) {
	f := &p.ProductFields
	checkCode(c, "sku", &f.SKU)
	checkNames(c, &f.Name, &f.NameBn)
	checkEnum(c, "kind", &f.Kind, "goods", "goods", "service")
	f.Category = strings.ToLower(strings.TrimSpace(f.Category))
	c.Check(f.Category == "" || keyRE.MatchString(f.Category), "category", "must be a key of lowercase letters, digits and '_', e.g. cement")
	f.Unit = strings.ToLower(strings.TrimSpace(f.Unit))
	c.Check(f.Unit != "", "unit", "is required; %s", unitFormat)
	checkEnum(c, "vatCategory", &f.VATCategory, "standard", vatCategories...)
	f.VATRateKey = strings.ToLower(strings.TrimSpace(f.VATRateKey))
	c.Check(f.VATRateKey == "" || keyRE.MatchString(f.VATRateKey), "vatRateKey",
		"must be a category key of the vat.rate rules, e.g. construction_firm or reduced_7_5")
	c.Check(f.SDRateBps >= 0 && f.SDRateBps <= 50000, "sdRateBps", "must be basis points between 0 and 50000 (2000 is 20%%)")
	c.Check(f.DefaultPrice.Sign() >= 0, "defaultPrice", "must not be negative")
	checkEnum(c, "status", &f.Status, "active", "active", "discontinued")
	checkTags(c, &f.Tags)
}

func (p *Product) project() projection {
	f := &p.ProductFields
	return projection{code: f.SKU, name: f.Name, nameBn: f.NameBn, kind: f.Kind, status: f.Status,
		tags: f.Tags, words: []string{f.HSCode.String(), f.Category}}
}

const unitFormat = "must be a built-in unit (cft, sft, rft, bag, truck, ton, piece, kg, litre) or a unit the tenant defined"

// checkUnits refuses products whose unit is neither built in nor an active
// unit of the tenant, looking every unit up in one query.
func checkUnits(s *Service) func(ctx context.Context, tx *db.Tx, recs []*Product, bad func(int) *errs.Collector) error {
	return func(ctx context.Context, tx *db.Tx, recs []*Product, bad func(int) *errs.Collector) error {
		var custom []string
		for _, p := range recs {
			if _, ok := builtinUnit(p.Unit); !ok && p.Unit != "" {
				custom = append(custom, p.Unit)
			}
		}
		known := map[string]bool{}
		if len(custom) > 0 {
			slices.Sort(custom)
			rows, err := tx.Query(ctx, `select code from masterdata.units where code = any($1) and archived_at is null`, slices.Compact(custom))
			if err != nil {
				return err
			}
			codes, err := collectStrings(rows)
			if err != nil {
				return err
			}
			for _, c := range codes {
				known[c] = true
			}
		}
		for i, p := range recs {
			if _, ok := builtinUnit(p.Unit); !ok && p.Unit != "" && !known[p.Unit] {
				bad(i).Add("unit", "%s", unitFormat)
			}
		}
		return nil
	}
}

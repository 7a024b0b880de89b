package finance

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/rules/rulesclient"
)

// Rules answers a rule set of the rules engine for one input on a date:
// the rates of VAT, SD, VDS and AIT are its data, never constants here.
// Outputs are as the engine's JSON gives them: decimals as strings.
// Returns NOT_FOUND for an unknown set and FAILED_PRECONDITION when no
// version or row applies. rulesclient.Client is the one over the rules
// service's REST API.
type Rules interface {
	Evaluate(ctx context.Context, key string, at time.Time, input map[string]any) (map[string]any, error)
}

// The rule sets the invoices read.
const (
	RuleVAT = "vat.rate"
	RuleVDS = "vds.rate"
	RuleAIT = "ait.rate"
)

// outPercent reads output name as a Percent; absent is zero.
func outPercent(key string, out map[string]any, name string) (Percent, error) {
	v, ok := out[name]
	if !ok || v == nil {
		return 0, nil
	}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case float64:
		if x != math.Trunc(x) || x < 0 || x > 1e9 {
			return 0, errs.E(errs.FailedPrecondition, "%s answers %s = %v; a percentage with at most 4 decimals is expected", key, name, v)
		}
		s = strconv.FormatInt(int64(x), 10)
	case int64:
		s = strconv.FormatInt(x, 10)
	default:
		return 0, errs.E(errs.FailedPrecondition, "%s answers %s of type %T; a decimal is expected", key, name, v)
	}
	p, err := ParsePercent(s)
	if err != nil {
		return 0, errs.E(errs.FailedPrecondition, "%s answers %s = %q; a non-negative percentage with at most 4 decimals is expected", key, name, s)
	}
	return p, nil
}

// rateKey is one evaluation of vat.rate.
type rateKey struct{ supplyType, category string }

func (k rateKey) input() map[string]any {
	return map[string]any{"supplyType": k.supplyType, "category": k.category}
}

// vatRate asks vat.rate for category and supply type on date: treatment,
// VAT and SD rates, and the VAT per unit of a specific treatment.
func vatRate(ctx context.Context, rules Rules, date time.Time, k rateKey) (TaxRate, error) {
	out, err := rules.Evaluate(ctx, RuleVAT, date, k.input())
	if err != nil {
		return TaxRate{}, rulesclient.Explain(RuleVAT, err)
	}
	var r TaxRate
	r.Treatment, _ = out["treatment"].(string)
	switch r.Treatment {
	case TreatmentStandard, TreatmentReduced, TreatmentZeroRated, TreatmentExempt, TreatmentSpecific:
	default:
		return TaxRate{}, errs.E(errs.FailedPrecondition, "%s answers treatment %q for %s; standard, reduced, zero_rated, exempt or specific is expected",
			RuleVAT, r.Treatment, k.category)
	}
	if r.VAT, err = outPercent(RuleVAT, out, "rate"); err != nil {
		return TaxRate{}, err
	}
	if r.SD, err = outPercent(RuleVAT, out, "sdRate"); err != nil {
		return TaxRate{}, err
	}
	if r.Treatment == TreatmentSpecific {
		s, _ := out["specificAmount"].(string)
		amount, err := parseAmount("specificAmount", s)
		if err != nil {
			return TaxRate{}, errs.E(errs.FailedPrecondition, "%s gives the specific treatment of %s without a specificAmount per unit", RuleVAT, k.category)
		}
		r.Specific = amount
	}
	if _, whole := r.VAT.BasisPoints(); !whole {
		return TaxRate{}, errs.E(errs.FailedPrecondition, "%s answers a VAT rate of %s%%; the VAT register keeps whole basis points", RuleVAT, r.VAT)
	}
	return r, nil
}

// vdsKey is one evaluation of vds.rate.
type vdsKey struct {
	treatment string
	rate      Percent
}

// vdsPercent asks vds.rate what share of the VAT a withholding buyer
// deducts at source under treatment and rate.
func vdsPercent(ctx context.Context, rules Rules, date time.Time, k vdsKey) (Percent, error) {
	out, err := rules.Evaluate(ctx, RuleVDS, date, map[string]any{"treatment": k.treatment, "vatRate": k.rate.String(),
		"withholdingEntity": true})
	if err != nil {
		return 0, rulesclient.Explain(RuleVDS, err)
	}
	p, err := outPercent(RuleVDS, out, "deductPercent")
	if err == nil && p > 100*percentScale {
		err = errs.E(errs.FailedPrecondition, "%s answers a deduction of %s%%, over the whole VAT", RuleVDS, p)
	}
	return p, err
}

// aitPercent asks ait.rate the rate withheld from a payment of net poisha
// to a payee of category.
func aitPercent(ctx context.Context, rules Rules, date time.Time, category string, net int64, returnProof bool) (Percent, error) {
	out, err := rules.Evaluate(ctx, RuleAIT, date, map[string]any{"category": category, "amount": formatAmount(net),
		"hasReturnProof": returnProof})
	if err != nil {
		return 0, rulesclient.Explain(RuleAIT, err)
	}
	p, err := outPercent(RuleAIT, out, "rate")
	if err == nil && p > 100*percentScale {
		err = errs.E(errs.FailedPrecondition, "%s answers a rate of %s%%", RuleAIT, p)
	}
	return p, err
}

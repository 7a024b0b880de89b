package money

import (
	"errors"
	"math"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Causes wrapped by the INVALID_ARGUMENT errors of arithmetic, so callers can
// tell them apart with errors.Is.
var (
	// ErrOverflow means a result does not fit in int64 minor units.
	ErrOverflow = errors.New("money: overflow")
	// ErrCurrencyMismatch means two amounts of different currencies met.
	ErrCurrencyMismatch = errors.New("money: currency mismatch")
)

// Amount is an exact amount of money: minor units and a currency. The zero
// value has no currency and stands for "no amount"; arithmetic refuses it.
// Amount is a small value type; compare with Equal or Cmp, not ==, when the
// currencies may differ.
type Amount struct {
	minor int64
	cur   Currency
}

// New returns minor units of c, for example New(125050, BDT) is ৳1250.50.
// It does not validate c: it is the constructor for trusted sources such as
// the database; inputs from clients go through Parse or ParseCurrency.
func New(minor int64, c Currency) Amount { return Amount{minor: minor, cur: c} }

// Zero returns a zero amount of c.
func Zero(c Currency) Amount { return Amount{cur: c} }

// Minor returns the amount in minor units (poisha for BDT).
func (a Amount) Minor() int64 { return a.minor }

// Currency returns the currency of a.
func (a Amount) Currency() Currency { return a.cur }

// IsZero reports whether a has no minor units.
func (a Amount) IsZero() bool { return a.minor == 0 }

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int {
	switch {
	case a.minor < 0:
		return -1
	case a.minor > 0:
		return 1
	}
	return 0
}

// Equal reports whether a and b have the same currency and value.
func (a Amount) Equal(b Amount) bool { return a == b }

// Cmp compares a and b: -1, 0 or +1. Returns INVALID_ARGUMENT wrapping
// ErrCurrencyMismatch when the currencies differ.
func (a Amount) Cmp(b Amount) (int, error) {
	if err := sameCurrency(a, b); err != nil {
		return 0, err
	}
	switch {
	case a.minor < b.minor:
		return -1, nil
	case a.minor > b.minor:
		return 1, nil
	}
	return 0, nil
}

// Add returns a+b. Returns INVALID_ARGUMENT wrapping ErrCurrencyMismatch or
// ErrOverflow.
func (a Amount) Add(b Amount) (Amount, error) {
	if err := sameCurrency(a, b); err != nil {
		return Amount{}, err
	}
	s := a.minor + b.minor
	// Signed overflow happened iff both operands share a sign the sum lacks.
	if (a.minor >= 0) == (b.minor >= 0) && (s >= 0) != (a.minor >= 0) {
		return Amount{}, overflow()
	}
	return Amount{minor: s, cur: a.cur}, nil
}

// Sub returns a-b. Returns INVALID_ARGUMENT wrapping ErrCurrencyMismatch or
// ErrOverflow.
func (a Amount) Sub(b Amount) (Amount, error) {
	if err := sameCurrency(a, b); err != nil {
		return Amount{}, err
	}
	d := a.minor - b.minor
	if (a.minor >= 0) != (b.minor >= 0) && (d >= 0) != (a.minor >= 0) {
		return Amount{}, overflow()
	}
	return Amount{minor: d, cur: a.cur}, nil
}

// Neg returns -a, as for a credit note. Returns INVALID_ARGUMENT wrapping
// ErrOverflow for the one int64 value without a negation.
func (a Amount) Neg() (Amount, error) {
	if a.minor == math.MinInt64 {
		return Amount{}, overflow()
	}
	return Amount{minor: -a.minor, cur: a.cur}, nil
}

// Abs returns |a|. Returns INVALID_ARGUMENT wrapping ErrOverflow like Neg.
func (a Amount) Abs() (Amount, error) {
	if a.minor < 0 {
		return a.Neg()
	}
	return a, nil
}

// Mul returns a times an integer quantity, as for a line of qty units.
// Returns INVALID_ARGUMENT wrapping ErrOverflow.
func (a Amount) Mul(qty int64) (Amount, error) {
	return a.MulFrac(qty, 1, HalfUp)
}

// Sum adds amounts of currency c; with no amounts it is Zero(c). Returns
// INVALID_ARGUMENT wrapping ErrCurrencyMismatch or ErrOverflow.
func Sum(c Currency, amounts ...Amount) (Amount, error) {
	total := Zero(c)
	for _, x := range amounts {
		var err error
		if total, err = total.Add(x); err != nil {
			return Amount{}, err
		}
	}
	return total, nil
}

func sameCurrency(a, b Amount) error {
	if a.cur == "" || b.cur == "" {
		return errs.Wrap(errs.InvalidArgument, ErrCurrencyMismatch, "amount has no currency")
	}
	if a.cur != b.cur {
		return errs.Wrap(errs.InvalidArgument, ErrCurrencyMismatch,
			"cannot combine %s and %s amounts", a.cur, b.cur)
	}
	return nil
}

func overflow() error {
	return errs.Wrap(errs.InvalidArgument, ErrOverflow, "amount is out of range")
}

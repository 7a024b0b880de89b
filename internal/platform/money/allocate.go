package money

import (
	"math"
	"math/bits"
	"slices"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Allocate divides a in proportion to ratios without losing or inventing a
// minor unit: the parts always sum to a. Each part first gets the floor of
// its exact share; the minor units left over go one each to the parts with
// the largest remainders, earlier parts winning ties (the largest remainder
// method). A negative amount is divided like its magnitude and every part
// negated, so a credit note splits exactly like its invoice.
//
// Returns INVALID_ARGUMENT when there are no ratios, a ratio is negative,
// all are zero, or their sum overflows int64.
func (a Amount) Allocate(ratios ...int64) ([]Amount, error) {
	if len(ratios) == 0 {
		return nil, errs.E(errs.InvalidArgument, "allocate needs at least one ratio")
	}
	var total int64
	for _, r := range ratios {
		if r < 0 {
			return nil, errs.E(errs.InvalidArgument, "allocation ratios must not be negative")
		}
		if total > math.MaxInt64-r {
			return nil, errs.Wrap(errs.InvalidArgument, ErrOverflow, "allocation ratios are too large")
		}
		total += r
	}
	if total == 0 {
		return nil, errs.E(errs.InvalidArgument, "allocation ratios must not all be zero")
	}

	whole := magnitude(a.minor)
	shares := make([]uint64, len(ratios))
	rems := make([]uint64, len(ratios))
	var given uint64
	for i, r := range ratios {
		hi, lo := bits.Mul64(whole, uint64(r))
		// r <= total, so the share is at most whole and hi < total holds.
		shares[i], rems[i] = bits.Div64(hi, lo, uint64(total))
		given += shares[i]
	}

	// The leftover equals sum(rems)/total, which is fewer than the number of
	// non-zero remainders, so each goes to a distinct part.
	order := make([]int, len(ratios))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		switch {
		case rems[x] > rems[y]:
			return -1
		case rems[x] < rems[y]:
			return 1
		}
		return 0
	})
	for _, i := range order[:whole-given] {
		shares[i]++
	}

	parts := make([]Amount, len(ratios))
	for i, s := range shares {
		// Each share is at most |a|, so it always fits with a's sign.
		m, _ := signed(s, a.minor < 0)
		parts[i] = Amount{minor: m, cur: a.cur}
	}
	return parts, nil
}

// Split divides a into n parts as equal as possible, the earlier parts
// getting the extra minor units; the parts sum to a. Returns
// INVALID_ARGUMENT when n is not positive.
func (a Amount) Split(n int) ([]Amount, error) {
	if n <= 0 {
		return nil, errs.E(errs.InvalidArgument, "split needs a positive number of parts")
	}
	ratios := make([]int64, n)
	for i := range ratios {
		ratios[i] = 1
	}
	return a.Allocate(ratios...)
}

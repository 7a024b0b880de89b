package rules

import (
	"context"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Request is one evaluation: an input object (as DecodeInput returns it,
// or with Go strings, ints, bools and []string) and the date whose
// version applies; a zero At is today in the tenant's timezone.
type Request struct {
	Input map[string]any
	At    time.Time
}

// Evaluate answers the rule set key for one input with the version in
// force at req.At. Needs rules.evaluate. Returns NOT_FOUND for an
// unknown set, INVALID_ARGUMENT naming input fields that do not match the
// input schema, and FAILED_PRECONDITION when no version is in force on the
// date, no row matches (FIRST), or the evaluation fails or exceeds its
// cost or time limit.
func (s *Service) Evaluate(ctx context.Context, key string, req Request) (Result, error) {
	if err := authz.Require(ctx, PermEvaluate); err != nil {
		return Result{}, err
	}
	t, err := tenant.Require(ctx)
	if err != nil {
		return Result{}, err
	}
	tl, err := s.timeline(ctx, t, key)
	if err != nil {
		return Result{}, err
	}
	return s.evaluateOn(ctx, t, key, tl, req)
}

func (s *Service) evaluateOn(ctx context.Context, t tenant.ID, key string, tl *timeline, req Request) (Result, error) {
	day := req.At
	if day.IsZero() {
		var err error
		if day, err = s.today(ctx, t); err != nil {
			return Result{}, err
		}
	}
	day = dateOnly(day)
	v, ok := tl.at(day)
	if !ok {
		return Result{}, errs.E(errs.FailedPrecondition, "rule set %q has no version in force on %s", key, day.Format(time.DateOnly))
	}
	res, err := v.table.Evaluate(ctx, req.Input)
	res.Version = v.number
	return res, err
}

// BatchResult is the answer to one request of a batch.
type BatchResult struct {
	Result Result
	Err    error
}

// MaxBatch bounds the requests of one batch.
const MaxBatch = 1000

// EvaluateBatch answers many requests against one rule set; each request
// fails or succeeds on its own. Needs rules.evaluate. Returns
// INVALID_ARGUMENT for an empty or oversized batch and NOT_FOUND.
func (s *Service) EvaluateBatch(ctx context.Context, key string, reqs []Request) ([]BatchResult, error) {
	if err := authz.Require(ctx, PermEvaluate); err != nil {
		return nil, err
	}
	if len(reqs) == 0 || len(reqs) > MaxBatch {
		return nil, errs.Field("requests", "must hold between 1 and %d requests", MaxBatch)
	}
	t, err := tenant.Require(ctx)
	if err != nil {
		return nil, err
	}
	tl, err := s.timeline(ctx, t, key)
	if err != nil {
		return nil, err
	}
	out := make([]BatchResult, len(reqs))
	for i, r := range reqs {
		out[i].Result, out[i].Err = s.evaluateOn(ctx, t, key, tl, r)
	}
	return out, nil
}

// timeline returns the compiled published versions of key, loading and
// compiling them on a cache miss.
func (s *Service) timeline(ctx context.Context, t tenant.ID, key string) (*timeline, error) {
	k := cacheKey{tenant: t, key: key}
	tl, gen := s.cache.get(k)
	if tl != nil {
		return tl, nil
	}
	tl = &timeline{}
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		set, err := loadSet(ctx, tx, key, false)
		if err != nil {
			return err
		}
		versions, err := loadVersions(ctx, tx, set, true)
		if err != nil {
			return err
		}
		tl.versions = tl.versions[:0]
		for _, v := range versions {
			table, err := Compile(set.Input, set.Output, v.VersionSpec, s.limits)
			if err != nil {
				return errs.Wrap(errs.Internal, err, "published version %d of %q does not compile", v.Number, key)
			}
			tl.versions = append(tl.versions, compiled{number: v.Number, from: v.EffectiveFrom, to: v.EffectiveTo,
				table: table, revision: v.Revision})
		}
		return nil
	})
	if errs.Is(err, errs.NotFound) && isDefault(key) && !seeded(ctx) {
		// A tenant made before this default set existed gets the
		// defaults it lacks on first use; SeedDefaults leaves the sets it
		// has as they are.
		if serr := s.SeedDefaults(ctx, t); serr != nil {
			return nil, serr
		}
		return s.timeline(context.WithValue(ctx, seededKey{}, true), t, key)
	}
	if err != nil {
		return nil, err
	}
	s.cache.put(k, gen, tl)
	return tl, nil
}

type seededKey struct{}

func seeded(ctx context.Context) bool { v, _ := ctx.Value(seededKey{}).(bool); return v }

// isDefault reports whether key is one of the Bangladesh default sets.
func isDefault(key string) bool {
	for _, d := range defaults() {
		if d.set.Key == key {
			return true
		}
	}
	return false
}

package rules

import (
	"context"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Publish puts a draft in force from its effective date. It type-checks
// every cell against the set's current schemas and runs the version's test
// cases; if any fails nothing changes. An open-ended published version
// that starts earlier is closed the day before this one starts (a new
// Finance Act supersedes the old table); any other overlap with a
// published version is refused. Emits vextrus.rules.ruleset.published.v1.
// Needs rules.ruleset.publish.
//
// Returns NOT_FOUND, CONFLICT on a stale expectedRevision (0 skips the
// check), and FAILED_PRECONDITION when the version is not a draft, a cell
// no longer checks, a test case fails (each listed) or the period
// overlaps.
func (s *Service) Publish(ctx context.Context, key string, number, expectedRevision int) (Version, error) {
	if err := authz.Require(ctx, PermPublish); err != nil {
		return Version{}, err
	}
	return s.changeVersion(ctx, key, number, expectedRevision, func(ctx context.Context, tx *db.Tx, set RuleSet, v *Version) error {
		if v.Status != Draft {
			return errs.E(errs.FailedPrecondition, "version %d is %s; only a draft can be published", v.Number, v.Status)
		}
		return s.publish(ctx, tx, set, v)
	})
}

// publish does the checks and writes of Publish on a locked set.
func (s *Service) publish(ctx context.Context, tx *db.Tx, set RuleSet, v *Version) error {
	table, err := Compile(set.Input, set.Output, v.VersionSpec, s.limits)
	if err != nil {
		e := errs.As(err)
		return &errs.Error{Code: errs.FailedPrecondition, Message: "version does not check: " + e.Message, Fields: e.Fields}
	}
	if failures := table.RunTests(ctx, v.Tests); len(failures) > 0 {
		return failedTests(failures)
	}
	published, err := loadVersions(ctx, tx, set, true)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	for _, p := range published {
		if !overlaps(p, *v) {
			continue
		}
		if p.EffectiveTo != nil || !p.EffectiveFrom.Before(v.EffectiveFrom) {
			return errs.E(errs.FailedPrecondition, "version %d (%s) would overlap published version %d (%s)",
				v.Number, formatPeriod(*v), p.Number, formatPeriod(p))
		}
		end := v.EffectiveFrom.AddDate(0, 0, -1)
		p.EffectiveTo, p.Revision, p.UpdatedAt = &end, p.Revision+1, now
		if err := saveVersion(ctx, tx, p); err != nil {
			return err
		}
	}
	v.Status, v.PublishedAt = Published, &now
	if err := s.emit(ctx, tx, publishedEvent(set, *v)); err != nil {
		return err
	}
	tx.AfterCommit(func(context.Context) { s.cache.invalidate(tx.Tenant(), set.Key) })
	return nil
}

// overlaps reports whether two versions' periods share a day.
func overlaps(a, b Version) bool {
	return (a.EffectiveTo == nil || !a.EffectiveTo.Before(b.EffectiveFrom)) &&
		(b.EffectiveTo == nil || !b.EffectiveTo.Before(a.EffectiveFrom))
}

// Retire takes a published version out of force; dates it covered then
// have no version unless another is published for them. Emits
// vextrus.rules.ruleset.retired.v1. Needs rules.ruleset.publish. Returns
// NOT_FOUND, CONFLICT and FAILED_PRECONDITION when it is not published.
func (s *Service) Retire(ctx context.Context, key string, number, expectedRevision int) (Version, error) {
	if err := authz.Require(ctx, PermPublish); err != nil {
		return Version{}, err
	}
	return s.changeVersion(ctx, key, number, expectedRevision, func(ctx context.Context, tx *db.Tx, set RuleSet, v *Version) error {
		if v.Status != Published {
			return errs.E(errs.FailedPrecondition, "version %d is %s; only a published version can be retired", v.Number, v.Status)
		}
		now := s.now().UTC()
		v.Status, v.RetiredAt = Retired, &now
		if err := s.emit(ctx, tx, retiredEvent(set, *v)); err != nil {
			return err
		}
		tx.AfterCommit(func(context.Context) { s.cache.invalidate(tx.Tenant(), set.Key) })
		return nil
	})
}

package rules

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// checkDraft compiles spec against set so a malformed cell, a type error
// or an over-cost expression is refused when the draft is saved, not when
// it is evaluated. Returns INVALID_ARGUMENT naming each cell.
func (s *Service) checkDraft(set RuleSet, spec *VersionSpec) error {
	spec.EffectiveFrom = dateOnly(spec.EffectiveFrom)
	if spec.EffectiveTo != nil {
		to := dateOnly(*spec.EffectiveTo)
		spec.EffectiveTo = &to
	}
	c := &errs.Collector{}
	for i, tc := range spec.Tests {
		at := fmt.Sprintf("tests[%d]", i)
		c.Check(tc.Name != "", at+".name", "is required")
		_, err := DecodeInput(tc.Input)
		c.Check(err == nil, at+".input", "must be a JSON object")
		_, err = DecodeInput(tc.Expected)
		c.Check(err == nil, at+".expected", "must be a JSON object")
	}
	if _, err := Compile(set.Input, set.Output, *spec, s.limits); err != nil {
		c.Merge("", err)
	}
	return c.Err()
}

// CreateDraft adds a draft version, numbered after the last one. Needs
// rules.ruleset.write. Returns NOT_FOUND and INVALID_ARGUMENT.
func (s *Service) CreateDraft(ctx context.Context, key string, spec VersionSpec) (Version, error) {
	if err := authz.Require(ctx, PermWrite); err != nil {
		return Version{}, err
	}
	var out Version
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		set, err := loadSet(ctx, tx, key, true)
		if err != nil {
			return err
		}
		if err := s.checkDraft(set, &spec); err != nil {
			return err
		}
		n, err := nextNumber(ctx, tx, set.ID)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		out = Version{VersionSpec: spec, ID: uuid.Must(uuid.NewV7()), SetID: set.ID, SetKey: set.Key, Number: n,
			Status: Draft, Revision: 1, CreatedAt: now, UpdatedAt: now}
		return saveVersion(ctx, tx, out)
	})
	return out, err
}

// UpdateDraft replaces the content of a draft. Needs rules.ruleset.write.
// Returns NOT_FOUND, CONFLICT on a stale expectedRevision (0 skips the
// check), FAILED_PRECONDITION when the version is no longer a draft, and
// INVALID_ARGUMENT.
func (s *Service) UpdateDraft(ctx context.Context, key string, number, expectedRevision int, spec VersionSpec) (Version, error) {
	if err := authz.Require(ctx, PermWrite); err != nil {
		return Version{}, err
	}
	return s.changeVersion(ctx, key, number, expectedRevision, func(ctx context.Context, tx *db.Tx, set RuleSet, v *Version) error {
		if v.Status != Draft {
			return errs.E(errs.FailedPrecondition, "version %d is %s; only drafts are edited, create a new draft", v.Number, v.Status)
		}
		if err := s.checkDraft(set, &spec); err != nil {
			return err
		}
		v.VersionSpec = spec
		return nil
	})
}

// DeleteDraft deletes a draft. Needs rules.ruleset.write. Returns
// NOT_FOUND, CONFLICT and FAILED_PRECONDITION when it is not a draft.
func (s *Service) DeleteDraft(ctx context.Context, key string, number, expectedRevision int) error {
	if err := authz.Require(ctx, PermWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		_, v, err := lockedVersion(ctx, tx, key, number, expectedRevision)
		if err != nil {
			return err
		}
		if v.Status != Draft {
			return errs.E(errs.FailedPrecondition, "version %d is %s; retire it instead", v.Number, v.Status)
		}
		return deleteVersion(ctx, tx, v.ID)
	})
}

// changeVersion runs change on version number of set key with the set's
// row locked, then saves the version with its revision bumped.
func (s *Service) changeVersion(ctx context.Context, key string, number, expectedRevision int,
	change func(ctx context.Context, tx *db.Tx, set RuleSet, v *Version) error) (Version, error) {
	var out Version
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		set, v, err := lockedVersion(ctx, tx, key, number, expectedRevision)
		if err != nil {
			return err
		}
		if err := change(ctx, tx, set, &v); err != nil {
			return err
		}
		v.Revision++
		v.UpdatedAt = s.now().UTC()
		out = v
		return saveVersion(ctx, tx, v)
	})
	return out, err
}

// lockedVersion loads version number of set key with the set's row
// locked, and checks the caller's expected revision of it.
func lockedVersion(ctx context.Context, tx *db.Tx, key string, number, expectedRevision int) (RuleSet, Version, error) {
	set, err := loadSet(ctx, tx, key, true)
	if err != nil {
		return RuleSet{}, Version{}, err
	}
	v, err := loadVersion(ctx, tx, set, number)
	if err != nil {
		return RuleSet{}, Version{}, err
	}
	if err := checkRevision("version", v.Revision, expectedRevision); err != nil {
		return RuleSet{}, Version{}, err
	}
	return set, v, nil
}

// failedTests is the FAILED_PRECONDITION a publish answers when test cases
// fail, listing each one.
func failedTests(failures []string) error {
	e := errs.E(errs.FailedPrecondition, "%d test case(s) fail: %s", len(failures), strings.Join(failures, "; "))
	for _, f := range failures {
		e.Fields = append(e.Fields, errs.FieldError{Field: "tests", Message: f})
	}
	return e
}

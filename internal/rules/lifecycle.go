package rules

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)

// NewRuleSet is what creating a rule set takes.
type NewRuleSet struct {
	Key, Name, Description string
	Input, Output          []Field
}

// RuleSetPatch edits a rule set; nil fields stay as they are.
type RuleSetPatch struct {
	Name, Description *string
	Input, Output     []Field
}

func validateSet(s RuleSet) error {
	c := &errs.Collector{}
	c.Check(keyRE.MatchString(s.Key) && len(s.Key) <= 100, "key", "must be dotted lowercase words, e.g. vat.rate")
	c.Check(s.Name != "" && len(s.Name) <= 200, "name", "is required, at most 200 characters")
	c.Check(len(s.Description) <= 2000, "description", "must be at most 2000 characters")
	validateFields(c, "inputSchema", s.Input, 1)
	validateFields(c, "outputSchema", s.Output, 1)
	return c.Err()
}

// CreateRuleSet creates a rule set without versions. Needs
// rules.ruleset.write. Returns INVALID_ARGUMENT and CONFLICT when the key
// is taken.
func (s *Service) CreateRuleSet(ctx context.Context, n NewRuleSet) (RuleSet, error) {
	if err := authz.Require(ctx, PermWrite); err != nil {
		return RuleSet{}, err
	}
	now := s.now().UTC()
	set := RuleSet{ID: uuid.Must(uuid.NewV7()), Key: n.Key, Name: n.Name, Description: n.Description,
		Input: n.Input, Output: n.Output, Revision: 1, CreatedAt: now, UpdatedAt: now}
	if err := validateSet(set); err != nil {
		return RuleSet{}, err
	}
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error { return insertSet(ctx, tx, set) })
	return set, err
}

// UpdateRuleSet edits a rule set. Its schemas change only while no version
// was ever published, since published tables were checked against them.
// Returns NOT_FOUND, CONFLICT on a stale expectedRevision (0 skips the
// check), FAILED_PRECONDITION and INVALID_ARGUMENT.
func (s *Service) UpdateRuleSet(ctx context.Context, key string, expectedRevision int, p RuleSetPatch) (RuleSet, error) {
	if err := authz.Require(ctx, PermWrite); err != nil {
		return RuleSet{}, err
	}
	var out RuleSet
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		set, err := loadSet(ctx, tx, key, true)
		if err != nil {
			return err
		}
		if err := checkRevision("rule set", set.Revision, expectedRevision); err != nil {
			return err
		}
		if p.Name != nil {
			set.Name = *p.Name
		}
		if p.Description != nil {
			set.Description = *p.Description
		}
		if p.Input != nil || p.Output != nil {
			versions, err := loadVersions(ctx, tx, set, false)
			if err != nil {
				return err
			}
			for _, v := range versions {
				if v.Status != Draft {
					return errs.E(errs.FailedPrecondition, "the schemas of %q cannot change: version %d was published; create a new rule set", key, v.Number)
				}
			}
			if p.Input != nil {
				set.Input = p.Input
			}
			if p.Output != nil {
				set.Output = p.Output
			}
		}
		if err := validateSet(set); err != nil {
			return err
		}
		set.Revision++
		set.UpdatedAt = s.now().UTC()
		tx.AfterCommit(func(context.Context) { s.cache.invalidate(tx.Tenant(), key) })
		out = set
		return updateSet(ctx, tx, set)
	})
	return out, err
}

// DeleteRuleSet deletes a rule set none of whose versions was ever
// published. Returns NOT_FOUND and FAILED_PRECONDITION.
func (s *Service) DeleteRuleSet(ctx context.Context, key string) error {
	if err := authz.Require(ctx, PermWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		set, err := loadSet(ctx, tx, key, true)
		if err != nil {
			return err
		}
		versions, err := loadVersions(ctx, tx, set, false)
		if err != nil {
			return err
		}
		for _, v := range versions {
			if v.Status != Draft {
				return errs.E(errs.FailedPrecondition, "%q has published versions; retire them instead", key)
			}
		}
		return deleteSet(ctx, tx, set.ID)
	})
}

// RuleSets lists rule sets by key after the cursor. Needs
// rules.ruleset.read.
func (s *Service) RuleSets(ctx context.Context, after string, limit int) (sets []RuleSet, next string, err error) {
	if err := authz.Require(ctx, PermRead); err != nil {
		return nil, "", err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		sets, err = listSets(ctx, tx, after, limit+1)
		return err
	})
	if len(sets) > limit {
		sets, next = sets[:limit], sets[limit-1].Key
	}
	return sets, next, err
}

// RuleSet returns a rule set and its versions. Needs rules.ruleset.read.
// Returns NOT_FOUND.
func (s *Service) RuleSet(ctx context.Context, key string) (set RuleSet, versions []Version, err error) {
	if err := authz.Require(ctx, PermRead); err != nil {
		return set, nil, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if set, err = loadSet(ctx, tx, key, false); err != nil {
			return err
		}
		versions, err = loadVersions(ctx, tx, set, false)
		return err
	})
	return set, versions, err
}

// RuleSetByID returns a rule set by id, for federation. Needs
// rules.ruleset.read. Returns NOT_FOUND.
func (s *Service) RuleSetByID(ctx context.Context, id uuid.UUID) (set RuleSet, err error) {
	if err := authz.Require(ctx, PermRead); err != nil {
		return set, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		set, err = loadSetByID(ctx, tx, id)
		return err
	})
	return set, err
}

// Version returns one version. Needs rules.ruleset.read. Returns NOT_FOUND.
func (s *Service) Version(ctx context.Context, key string, number int) (v Version, err error) {
	if err := authz.Require(ctx, PermRead); err != nil {
		return v, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		set, err := loadSet(ctx, tx, key, false)
		if err != nil {
			return err
		}
		v, err = loadVersion(ctx, tx, set, number)
		return err
	})
	return v, err
}

func checkRevision(what string, have, want int) error {
	if want > 0 && have != want {
		return errs.Stale("the %s changed (revision %d, not %d); reload it and try again", what, have, want)
	}
	return nil
}

// dateOnly truncates to the calendar date at UTC midnight.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func formatPeriod(v Version) string {
	to := "open-ended"
	if v.EffectiveTo != nil {
		to = v.EffectiveTo.Format(time.DateOnly)
	}
	return fmt.Sprintf("%s to %s", v.EffectiveFrom.Format(time.DateOnly), to)
}

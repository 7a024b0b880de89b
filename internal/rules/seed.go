package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// seedSet is one rule set of the Bangladesh defaults with its first
// version.
type seedSet struct {
	set  NewRuleSet
	spec VersionSpec
}

// defaults are the Bangladesh defaults every new tenant gets as published
// data it may edit: VAT, VAT deducted at source, AIT/TDS, approval chains
// (purchase orders, invoices, sales orders over credit), a credit check
// and the purchase bill match tolerance.
func defaults() []seedSet {
	return []seedSet{vatDefaults(), vdsDefaults(), aitDefaults(), purchaseOrderChain(), invoiceChain(), creditCheck(),
		salesOrderChain(), matchTolerance()}
}

// SeedDefaults gives tenant t the Bangladesh default rule sets, published,
// each checked and its test cases run as on any publish. A set the tenant
// already has is left as it is, so seeding again is harmless and never
// overwrites a tenant's edits. It needs no caller permission: the tenant
// creation path (or the tenant-created event) calls it.
func (s *Service) SeedDefaults(ctx context.Context, t tenant.ID) error {
	ctx = tenant.With(ctx, t)
	return s.db.InTenantTx(ctx, s.seedIn)
}

// seedIn seeds the defaults in tx, a transaction of the tenant to seed.
// Seeders of one tenant take turns (the tenant-created consumer and a
// first evaluation can meet): the second waits for the first to commit,
// then finds its sets and leaves them, instead of failing on a key the
// first has just inserted.
func (s *Service) seedIn(ctx context.Context, tx *db.Tx) error {
	if _, err := tx.Exec(ctx, "select pg_advisory_xact_lock(hashtextextended('rules.seed:' || $1::text, 0))", tx.Tenant().String()); err != nil {
		return fmt.Errorf("lock the tenant's seeding: %w", err)
	}
	for _, d := range defaults() {
		if err := s.seed(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) seed(ctx context.Context, tx *db.Tx, d seedSet) error {
	if _, err := loadSet(ctx, tx, d.set.Key, true); err == nil {
		return nil
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	now := s.now().UTC()
	set := RuleSet{ID: uuid.Must(uuid.NewV7()), Key: d.set.Key, Name: d.set.Name, Description: d.set.Description,
		Input: d.set.Input, Output: d.set.Output, Revision: 1, CreatedAt: now, UpdatedAt: now}
	if err := validateSet(set); err != nil {
		return errs.Wrap(errs.Internal, err, "default rule set %s", set.Key)
	}
	if err := insertSet(ctx, tx, set); err != nil {
		return err
	}
	spec := d.spec
	if err := s.checkDraft(set, &spec); err != nil {
		return errs.Wrap(errs.Internal, err, "default rule set %s", set.Key)
	}
	v := Version{VersionSpec: spec, ID: uuid.Must(uuid.NewV7()), SetID: set.ID, SetKey: set.Key, Number: 1,
		Status: Draft, Revision: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.publish(ctx, tx, set, &v); err != nil {
		return errs.Wrap(errs.Internal, err, "default rule set %s", set.Key)
	}
	return saveVersion(ctx, tx, v)
}

// The helpers below keep the default tables readable as tables.

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err) // only literals of this file get here
	}
	return t
}

// r builds a row from a description, a condition and output name/cell
// pairs.
func r(desc, cond string, outputs ...string) Row {
	m := make(map[string]string, len(outputs)/2)
	for i := 0; i+1 < len(outputs); i += 2 {
		m[outputs[i]] = outputs[i+1]
	}
	return Row{Description: desc, Condition: cond, Outputs: m}
}

// tc builds a test case from JSON literals.
func tc(name, input, expected string) TestCase {
	return TestCase{Name: name, Input: json.RawMessage(input), Expected: json.RawMessage(expected)}
}

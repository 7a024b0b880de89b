// Package rules is the rules engine (DESIGN §7): versioned, effective-dated
// decision tables whose conditions and outputs are CEL expressions over a
// typed input. Tax rates, withholding, approval thresholds and credit checks
// change with every Finance Act and differ per tenant, so they are data
// here, edited by tenants, never code; CEL is safe for untrusted rules
// because it has no side effects and every evaluation is bounded by a cost
// limit and a timeout.
//
// A rule set has a key, an input schema and an output schema. Its versions
// are decision tables: ordered rows of a condition and output cells, a hit
// policy (FIRST or COLLECT), an effective period, a regulatory reference and
// test cases. A version is a draft until published; publishing type-checks
// every cell and runs the test cases; a published version can be retired.
// Published versions of one set never overlap in time, so a date picks at
// most one.
package rules

import (
	"embed"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Schema is the rules service's PostgreSQL schema.
var Schema = db.Schema{Name: "rules", Migrations: db.Dir(migrationsFS, "migrations")}

// The permissions of the rules service.
const (
	PermRead     = "rules.ruleset.read"
	PermWrite    = "rules.ruleset.write"
	PermPublish  = "rules.ruleset.publish"
	PermEvaluate = "rules.evaluate"
)

// Permissions are what the rules service declares to the registry.
// Evaluating is a service-wide action (any published set, no side
// effects), hence the two-part `rules.evaluate`; every system role holds
// it (see authz.SystemRoles).
var Permissions = []authz.Permission{
	{Name: PermRead, Description: "Read rule sets and their versions"},
	{Name: PermWrite, Description: "Create rule sets and edit draft versions"},
	{Name: PermPublish, Description: "Publish and retire rule versions"},
	{Name: PermEvaluate, Description: "Evaluate rule sets"},
}

// Status is where a version is in its lifecycle.
type Status string

// The lifecycle: draft → published → retired.
const (
	Draft     Status = "DRAFT"
	Published Status = "PUBLISHED"
	Retired   Status = "RETIRED"
)

// HitPolicy says which matching rows make the answer.
type HitPolicy string

// The hit policies.
const (
	// First answers the outputs of the first matching row.
	First HitPolicy = "FIRST"
	// Collect answers the outputs of every matching row, in row order, as
	// a list under the version's CollectAs name.
	Collect HitPolicy = "COLLECT"
)

// RuleSet is a named decision with a typed input and output.
type RuleSet struct {
	ID          uuid.UUID
	Key         string
	Name        string
	Description string
	Input       []Field
	Output      []Field
	// Revision counts edits of the set, for optimistic concurrency.
	Revision  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Row is one line of a decision table.
type Row struct {
	Description string
	// Condition is a CEL expression of type bool over the inputs.
	Condition string
	// Outputs maps each output field to a CEL expression (a literal for a
	// constant) of the field's type.
	Outputs map[string]string
}

// TestCase is an input and the output the version must answer for it.
// Expected may name a subset of the output fields; decimals compare by
// value ("15" equals "15.00").
type TestCase struct {
	Name     string
	Input    json.RawMessage
	Expected json.RawMessage
}

// VersionSpec is the editable content of a version.
type VersionSpec struct {
	HitPolicy HitPolicy
	// CollectAs names the list a COLLECT version answers, e.g. "levels".
	CollectAs     string
	EffectiveFrom time.Time
	// EffectiveTo is the last day the version applies (inclusive); nil is
	// open-ended.
	EffectiveTo *time.Time
	Reference   string
	Rows        []Row
	Tests       []TestCase
}

// Version is one decision table of a rule set.
type Version struct {
	VersionSpec
	ID     uuid.UUID
	SetID  uuid.UUID
	SetKey string
	Number int
	Status Status
	// Revision counts edits of the version, for optimistic concurrency.
	Revision    int
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	RetiredAt   *time.Time
}

// InForce reports whether v applies on day (a date at UTC midnight).
func (v *Version) InForce(day time.Time) bool {
	return v.Status == Published && !day.Before(v.EffectiveFrom) &&
		(v.EffectiveTo == nil || !day.After(*v.EffectiveTo))
}

package rules

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// The REST representations (DESIGN §11: camelCase, RFC 3339 instants,
// YYYY-MM-DD dates) and their converters.

// RuleSetJSON is a rule set on the wire.
type RuleSetJSON struct {
	ID           string        `json:"id"`
	Key          string        `json:"key"`
	Name         string        `json:"name"`
	Description  string        `json:"description"`
	InputSchema  []fieldJSON   `json:"inputSchema"`
	OutputSchema []fieldJSON   `json:"outputSchema"`
	Revision     int           `json:"revision"`
	CreatedAt    time.Time     `json:"createdAt"`
	UpdatedAt    time.Time     `json:"updatedAt"`
	Versions     []VersionJSON `json:"versions,omitempty"`
}

// SpecJSON is the editable content of a version on the wire.
type SpecJSON struct {
	HitPolicy     HitPolicy  `json:"hitPolicy"`
	CollectAs     string     `json:"collectAs,omitempty"`
	EffectiveFrom string     `json:"effectiveFrom"`
	EffectiveTo   *string    `json:"effectiveTo,omitempty"`
	Reference     string     `json:"reference"`
	Rows          []rowJSON  `json:"rows"`
	Tests         []testJSON `json:"tests"`
}

// VersionJSON is a version on the wire.
type VersionJSON struct {
	ID     string `json:"id"`
	Key    string `json:"ruleSetKey"`
	Number int    `json:"number"`
	Status Status `json:"status"`
	SpecJSON
	Revision    int        `json:"revision"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
	PublishedAt *time.Time `json:"publishedAt,omitempty"`
	RetiredAt   *time.Time `json:"retiredAt,omitempty"`
}

// ResultJSON is an evaluation's answer on the wire.
type ResultJSON struct {
	Output  map[string]any `json:"output"`
	Version int            `json:"version"`
	Matched []MatchJSON    `json:"matched"`
}

// MatchJSON is a matched row on the wire.
type MatchJSON struct {
	Row         int    `json:"row"`
	Description string `json:"description,omitempty"`
}

func toFieldsJSON(fs []Field) []fieldJSON {
	out := make([]fieldJSON, len(fs))
	for i, f := range fs {
		out[i] = fieldJSON(f)
	}
	return out
}

func fromFieldsJSON(fs []fieldJSON) []Field {
	if fs == nil {
		return nil
	}
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = Field(f)
	}
	return out
}

func toRuleSetJSON(s RuleSet, versions []Version) RuleSetJSON {
	out := RuleSetJSON{ID: s.ID.String(), Key: s.Key, Name: s.Name, Description: s.Description,
		InputSchema: toFieldsJSON(s.Input), OutputSchema: toFieldsJSON(s.Output), Revision: s.Revision,
		CreatedAt: s.CreatedAt.UTC(), UpdatedAt: s.UpdatedAt.UTC()}
	for _, v := range versions {
		out.Versions = append(out.Versions, toVersionJSON(v))
	}
	return out
}

func toVersionJSON(v Version) VersionJSON {
	rows, tests := encodeSpec(v)
	out := VersionJSON{ID: v.ID.String(), Key: v.SetKey, Number: v.Number, Status: v.Status, Revision: v.Revision,
		CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC(), PublishedAt: utc(v.PublishedAt), RetiredAt: utc(v.RetiredAt),
		SpecJSON: SpecJSON{HitPolicy: v.HitPolicy, CollectAs: v.CollectAs, Reference: v.Reference,
			EffectiveFrom: v.EffectiveFrom.Format(time.DateOnly)}}
	_ = json.Unmarshal(rows, &out.Rows)
	_ = json.Unmarshal(tests, &out.Tests)
	if v.EffectiveTo != nil {
		to := v.EffectiveTo.Format(time.DateOnly)
		out.EffectiveTo = &to
	}
	return out
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// toSpec converts and checks the dates; the rest is checked by Compile.
func (j SpecJSON) toSpec() (VersionSpec, error) {
	spec := VersionSpec{HitPolicy: j.HitPolicy, CollectAs: j.CollectAs, Reference: j.Reference}
	c := &errs.Collector{}
	from, err := ParseDate(j.EffectiveFrom)
	c.Check(err == nil, "effectiveFrom", "must be a date YYYY-MM-DD")
	spec.EffectiveFrom = from
	if j.EffectiveTo != nil {
		to, err := ParseDate(*j.EffectiveTo)
		c.Check(err == nil, "effectiveTo", "must be a date YYYY-MM-DD")
		spec.EffectiveTo = &to
	}
	for _, r := range j.Rows {
		spec.Rows = append(spec.Rows, Row(r))
	}
	for _, t := range j.Tests {
		spec.Tests = append(spec.Tests, TestCase(t))
	}
	return spec, c.Err()
}

// ParseDate reads a business date YYYY-MM-DD as UTC midnight.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return t, nil
}

func toResultJSON(r Result) ResultJSON {
	out := ResultJSON{Output: r.Output, Version: r.Version, Matched: make([]MatchJSON, len(r.Matched))}
	for i, m := range r.Matched {
		out.Matched[i] = MatchJSON(m)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

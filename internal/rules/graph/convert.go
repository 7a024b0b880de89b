package graph

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/rules"
)

// Converters between the service's types and the generated models.

func toGraphSet(s rules.RuleSet) *RuleSet {
	return &RuleSet{ID: s.ID.String(), Key: s.Key, Name: s.Name, Description: s.Description,
		InputSchema: toGraphFields(s.Input), OutputSchema: toGraphFields(s.Output), Revision: s.Revision,
		CreatedAt: s.CreatedAt.UTC(), UpdatedAt: s.UpdatedAt.UTC()}
}

func toGraphFields(fs []rules.Field) []RuleField {
	out := make([]RuleField, len(fs))
	for i, f := range fs {
		out[i] = RuleField{Name: f.Name, Type: string(f.Type), Description: f.Description, Required: f.Required}
	}
	return out
}

func toGraphVersion(v rules.Version) *RuleVersion {
	out := &RuleVersion{ID: v.ID.String(), RuleSetKey: v.SetKey, Number: v.Number, Status: RuleVersionStatus(v.Status),
		HitPolicy: HitPolicy(v.HitPolicy), EffectiveFrom: v.EffectiveFrom, EffectiveTo: v.EffectiveTo,
		Reference: v.Reference, Revision: v.Revision, CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC(),
		PublishedAt: utc(v.PublishedAt), RetiredAt: utc(v.RetiredAt), Rows: []RuleRow{}, Tests: []RuleTestCase{}}
	if v.CollectAs != "" {
		out.CollectAs = &v.CollectAs
	}
	for _, r := range v.Rows {
		row := RuleRow{Description: r.Description, Condition: r.Condition}
		for _, f := range sortedKeys(r.Outputs) {
			row.Outputs = append(row.Outputs, RuleCell{Field: f, Expression: r.Outputs[f]})
		}
		out.Rows = append(out.Rows, row)
	}
	for _, t := range v.Tests {
		in, _ := rules.DecodeInput(t.Input)
		want, _ := rules.DecodeInput(t.Expected)
		out.Tests = append(out.Tests, RuleTestCase{Name: t.Name, Input: in, Expected: want})
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

func fromFieldInputs(in []RuleFieldInput) []rules.Field {
	if in == nil {
		return nil
	}
	out := make([]rules.Field, len(in))
	for i, f := range in {
		out[i] = rules.Field{Name: f.Name, Type: rules.FieldType(f.Type), Description: deref(f.Description),
			Required: f.Required != nil && *f.Required}
	}
	return out
}

func fromVersionInput(in RuleVersionInput) rules.VersionSpec {
	spec := rules.VersionSpec{HitPolicy: rules.HitPolicy(in.HitPolicy), CollectAs: deref(in.CollectAs),
		EffectiveFrom: in.EffectiveFrom, EffectiveTo: in.EffectiveTo, Reference: in.Reference}
	for _, r := range in.Rows {
		row := rules.Row{Description: deref(r.Description), Condition: r.Condition, Outputs: map[string]string{}}
		for _, c := range r.Outputs {
			row.Outputs[c.Field] = c.Expression
		}
		spec.Rows = append(spec.Rows, row)
	}
	for _, t := range in.Tests {
		spec.Tests = append(spec.Tests, rules.TestCase{Name: t.Name, Input: rawJSON(t.Input), Expected: rawJSON(t.Expected)})
	}
	return spec
}

// normalizeInput re-reads a GraphQL JSON value as the REST API would, so
// inline literals (int64, float64) become exact json.Numbers.
func normalizeInput(in map[string]any) (map[string]any, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return nil, errs.Field("input", "must be a JSON object")
	}
	return rules.DecodeInput(b)
}

func rawJSON(v map[string]any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func toGraphEvaluation(r rules.Result) *RuleEvaluation {
	out := &RuleEvaluation{Output: r.Output, Version: r.Version, Matched: make([]MatchedRow, len(r.Matched))}
	for i, m := range r.Matched {
		out.Matched[i] = MatchedRow{Row: m.Row, Description: m.Description}
	}
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func revision(p *int) int { return deref(p) }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

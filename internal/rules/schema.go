package rules

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"cel.dev/cel-go/cel"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// FieldType is the type of an input or output field.
type FieldType string

// The field types. Decimal values travel as decimal strings ("1250.50")
// and are Decimal in CEL; dates travel as "YYYY-MM-DD" and are timestamps
// at UTC midnight in CEL.
const (
	String     FieldType = "string"
	Int        FieldType = "int"
	DecimalT   FieldType = "decimal"
	Bool       FieldType = "bool"
	Date       FieldType = "date"
	StringList FieldType = "list<string>"
)

// FieldTypes lists every field type.
var FieldTypes = []FieldType{String, Int, DecimalT, Bool, Date, StringList}

// Field is one named, typed value of an input or output.
type Field struct {
	Name        string
	Type        FieldType
	Description string
	// Required inputs must be present; a missing optional input is the
	// zero value of its type ("", 0, false, [], 1970-01-01). Outputs ignore it.
	Required bool
}

func (t FieldType) celType() *cel.Type {
	switch t {
	case String:
		return cel.StringType
	case Int:
		return cel.IntType
	case DecimalT:
		return DecimalType
	case Bool:
		return cel.BoolType
	case Date:
		return cel.TimestampType
	case StringList:
		return cel.ListType(cel.StringType)
	}
	return nil
}

var identRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]{0,62}$`)

// reserved are CEL's reserved words, which cannot name a variable.
var reserved = []string{"as", "break", "const", "continue", "else", "false", "for", "function", "if",
	"import", "in", "let", "loop", "package", "namespace", "null", "return", "true", "var", "void", "while"}

// validateFields checks a schema: names are CEL identifiers, unique, with
// a known type. Problems are added under prefix ("input", "output").
func validateFields(c *errs.Collector, prefix string, fields []Field, min int) {
	if len(fields) < min {
		c.Add(prefix, "must have at least %d field", min)
	}
	if len(fields) > 64 {
		c.Add(prefix, "must have at most 64 fields")
	}
	seen := map[string]bool{}
	for i, f := range fields {
		at := fmt.Sprintf("%s[%d]", prefix, i)
		c.Check(identRE.MatchString(f.Name) && !slices.Contains(reserved, f.Name), at+".name",
			"must be a lowerCamel identifier (letters, digits, _) and not a CEL reserved word")
		c.Check(!seen[f.Name], at+".name", "repeats %q", f.Name)
		seen[f.Name] = true
		c.Check(slices.Contains(FieldTypes, f.Type), at+".type", "must be one of %v", FieldTypes)
	}
}

// fieldsJSON and fieldsFromJSON are the stored form of a schema.
type fieldJSON struct {
	Name        string    `json:"name"`
	Type        FieldType `json:"type"`
	Description string    `json:"description,omitempty"`
	Required    bool      `json:"required,omitempty"`
}

func fieldsToJSON(fs []Field) []byte {
	out := make([]fieldJSON, len(fs))
	for i, f := range fs {
		out[i] = fieldJSON(f)
	}
	b, _ := json.Marshal(out)
	return b
}

func fieldsFromJSON(b []byte) ([]Field, error) {
	var in []fieldJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, fmt.Errorf("decode schema: %w", err)
	}
	out := make([]Field, len(in))
	for i, f := range in {
		out[i] = Field(f)
	}
	return out, nil
}
